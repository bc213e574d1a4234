"""Planning a chart import: people, agents and seats, with parents found by title in the file or
on the chart. Natural keys make a second run a no-op: a seat is its title under its parent, a
person their email, an agent its name.

Every rule the chart service enforces is checked here first, per line, so the preview names the
line and column: one top seat, no cycle in reports-to, unique titles, 3–5 responsibilities, a
known holder, and (when the organization requires it) a person-held seat above every agent."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.core import validate
from otp.core.errors import OTPError
from otp.imports import values as parse
from otp.imports.report import Plan, Step
from otp.imports.table import Table, split_list
from otp.org import agents, chart, people
from otp.org.chart import MAX_RESPONSIBILITIES, MIN_RESPONSIBILITIES
from otp.org.models import ROLES, Agent, Membership, Organization, Person, Seat
from otp.org.orgs import setting
from otp.org.tree import Tree

# Membership roles as exports name them: Ninety's Owner/Admin/Manager/Managee (Team Member)/Coach/
# Observer/Inactive; Bloom Growth's admin flag. OTP has owner, admin, member, observer.
ROLE_WORDS = {"": "member", "manager": "member", "managee": "member", "team_member": "member", "coach": "member",
              "user": "member", "member": "member", "inactive": "observer", "viewer": "observer",
              "observer": "observer", "administrator": "admin", "admin": "admin", "account_admin": "admin",
              "owner": "owner"}


class _Seat:
    def __init__(self, row, title: str):
        self.row, self.line, self.title = row, row.line, title
        self.parent: _Seat | str | None = None  # a file seat, an existing seat id, or None (top)
        self.existing: Seat | None = None
        self.holder: tuple[str, str] | None = None  # ("person", email) | ("agent", name)
        self.ok = True


def plan_chart(session: Session, actor: Actor, table: Table, plan: Plan) -> None:
    col = table.header
    existing = list(session.execute(select(Seat).where(Seat.org_id == actor.org_id)).scalars())
    by_title: dict[str, list[Seat]] = {}
    for s in existing:
        by_title.setdefault(s.title.casefold(), []).append(s)
    root = next((s for s in existing if s.parent_id is None), None)
    members = {email.casefold(): (pid, name) for pid, name, email in session.execute(
        select(Person.id, Person.name, Person.email).join(Membership, Membership.person_id == Person.id)
        .where(Membership.org_id == actor.org_id))}
    member_names: dict[str, list[str]] = {}
    for email, (_, name) in members.items():
        member_names.setdefault(name.casefold(), []).append(email)
    known_agents = {a.name.casefold(): a for a in session.execute(
        select(Agent).where(Agent.org_id == actor.org_id)).scalars()}

    # 1. seats of the file, by title (titles are unique within a file: reports-to refers to them)
    seats: dict[str, _Seat] = {}
    order: list[_Seat] = []
    for row in table.rows:
        title = row.get("seat")
        if not title:
            plan.error(row.line, col("seat"), "the seat title is empty")
            continue
        if len(title) > 200:
            plan.error(row.line, col("seat"), "the seat title is longer than 200 characters")
            continue
        first = seats.get(title.casefold())
        if first is not None:
            plan.error(row.line, col("seat"), f"duplicate seat {title!r} (already on line {first.line}); "
                                              f"seat titles must be unique within a file")
            continue
        seats[title.casefold()] = seat = _Seat(row, title)
        order.append(seat)

    # 2. parents: a seat of the file first, else one on the chart; one top seat
    tops = [s for s in order if not s.row.get("reports_to")]
    for seat in order:
        parent = seat.row.get("reports_to")
        if not parent:
            continue
        if parent.casefold() in seats:
            seat.parent = seats[parent.casefold()]
        elif len(by_title.get(parent.casefold(), [])) == 1:
            seat.parent = by_title[parent.casefold()][0].id
        elif parent.casefold() in by_title:
            plan.error(seat.line, col("reports_to"), f"{parent!r} is ambiguous: several seats on the chart have "
                                                     f"this title")
            seat.ok = False
        else:
            plan.error(seat.line, col("reports_to"), f"no seat titled {parent!r} in this file or on the chart")
            seat.ok = False
    for seat in tops:
        if root is not None:
            if seat.title.casefold() == root.title.casefold():
                seat.existing = root
            else:
                plan.error(seat.line, col("reports_to"), f"empty, but the chart already has its top seat "
                                                         f"{root.title!r}: name the seat this one reports to")
                seat.ok = False
        elif seat is not tops[0]:
            plan.error(seat.line, col("reports_to"), f"empty, but line {tops[0].line} is already the top seat: "
                                                     f"name the seat this one reports to")
            seat.ok = False
    if root is None and not tops and order:
        plan.error(order[0].line, col("reports_to"), "the chart is empty, so one seat must have an empty "
                                                    "reports-to (the top seat)")
    _check_cycles(order, plan, col("reports_to"))

    # 3. which file seats already exist (same title under the same existing parent)
    for seat in _parents_first(order):
        if seat.existing is None and isinstance(seat.parent, str):
            seat.existing = next((s for s in existing if s.parent_id == seat.parent
                                  and s.title.casefold() == seat.title.casefold()), None)
        elif seat.existing is None and isinstance(seat.parent, _Seat) and seat.parent.existing is not None:
            seat.existing = next((s for s in existing if s.parent_id == seat.parent.existing.id
                                  and s.title.casefold() == seat.title.casefold()), None)

    # 4. fields and holders
    new_people: dict[str, Step] = {}
    new_agents: dict[str, Step] = {}
    for seat in order:
        row = seat.row
        resp_text = row.get("responsibilities")
        seat.responsibilities = split_list(resp_text) if resp_text else None
        if seat.responsibilities is not None or seat.existing is None:
            count = len(seat.responsibilities or [])
            if not MIN_RESPONSIBILITIES <= count <= MAX_RESPONSIBILITIES:
                plan.error(row.line, col("responsibilities"),
                           f"a seat needs {MIN_RESPONSIBILITIES} to {MAX_RESPONSIBILITIES} responsibilities "
                           f"(found {count}; separate them with ';' or put one per line)")
                seat.ok = False
            elif any(len(r) > 300 for r in seat.responsibilities):
                plan.error(row.line, col("responsibilities"), "a responsibility is longer than 300 characters")
                seat.ok = False
        seat.purpose = row.get("purpose")
        if len(seat.purpose) > 2000:
            plan.error(row.line, col("purpose"), "the purpose is longer than 2000 characters")
        _plan_holder(session, actor, seat, plan, col, members, member_names, known_agents, new_people, new_agents)

    # 5. the organization's rule: an agent seat has a person-held seat above it
    org = session.get(Organization, actor.org_id)
    if setting(org, "require_human_above_agents") and not plan.errors:
        _check_human_above(session, actor.org_id, order, plan, col("agent") if "agent" in table.headers
                           else col("holder"), known_agents)
    if plan.errors:
        return
    for step in list(new_people.values()) + list(new_agents.values()):
        plan.add(step)
    for position, seat in enumerate(order):
        seat.position = position  # siblings keep the file's order on the chart
    for seat in _parents_first(order):
        _plan_seat_steps(seat, plan, col)


def add_person(session: Session, actor: Actor, *, email: str, name: str, role: str) -> str:
    """The one place an import brings a new person in: today as a member through the people
    service (no password: they set one through a reset or an invitation). Switching imports to
    invitations is this function calling the invitation service instead."""
    person, _ = people.add_member(session, actor, email=email, name=name, role=role)
    return person.id


def _check_cycles(order: list[_Seat], plan: Plan, column: str) -> None:
    reported: set[int] = set()
    for start in order:
        path, node = [], start
        while isinstance(node, _Seat) and node not in path:
            path.append(node)
            node = node.parent
        if isinstance(node, _Seat):  # came back to a seat already on the path: a cycle
            cycle = path[path.index(node):]
            if id(cycle[0]) in reported or any(id(s) in reported for s in cycle):
                continue
            names = " → ".join(s.title for s in cycle + [cycle[0]])
            for s in cycle:
                reported.add(id(s))
                s.ok = False
                plan.error(s.line, column, f"reports-to makes a cycle: {names}")


def _parents_first(order: list[_Seat]) -> list[_Seat]:
    done: list[_Seat] = []
    placed: set[int] = set()
    pending = [s for s in order if s.ok]
    while pending:
        ready = [s for s in pending if not isinstance(s.parent, _Seat) or id(s.parent) in placed]
        if not ready:
            break  # what is left sits in or under a cycle, already reported
        for s in ready:
            placed.add(id(s))
            done.append(s)
        pending = [s for s in pending if id(s) not in placed]
    return done


def _plan_holder(session, actor, seat: _Seat, plan: Plan, col, members, member_names, known_agents,
                 new_people: dict, new_agents: dict) -> None:
    row = seat.row
    name, email, agent_name = row.get("holder"), row.get("email"), row.get("agent")
    if email and agent_name:
        plan.error(row.line, col("agent"), "give an email (a person) or an agent name, not both")
        return
    if any(sep in (name + email) for sep in (";", "\n")):
        plan.error(row.line, col("holder"), "an OTP seat has one accountable holder; list one person per seat")
        return
    if agent_name:
        agent = known_agents.get(agent_name.casefold())
        if agent is not None and agent.status == "retired":
            plan.error(row.line, col("agent"), f"agent {agent_name!r} is retired and cannot hold a seat")
            return
        if agent is None and agent_name.casefold() not in new_agents:
            if len(agent_name) > 200:
                plan.error(row.line, col("agent"), "the agent name is longer than 200 characters")
                return
            new_agents[agent_name.casefold()] = Step(
                line=row.line, what="agent", op="create", label=agent_name, detail="level 1 (Shadow), custom runtime",
                run=lambda s, a, ctx, n=agent_name: ctx["agent"].__setitem__(
                    n.casefold(), agents.create_agent(s, a, name=n, runtime="custom").id),
                columns={"name": col("agent")}, default_column=col("agent"))
        seat.holder = ("agent", agent_name.casefold())
        return
    if email:
        try:
            email = validate.email("email", email)
        except OTPError:
            plan.error(row.line, col("email"), f"{email!r} is not an email address")
            return
        role = ROLE_WORDS.get(parse.status_key(row.get("role")), parse.status_key(row.get("role")))
        if role not in ROLES:
            plan.error(row.line, col("role"), f"must be one of {', '.join(ROLES)} (got {role!r})")
            return
        if email not in members and email not in new_people:
            if not name:
                plan.error(row.line, col("holder"), f"{email} is not a member yet: give their name to add them")
                return
            if role == "owner" and actor.role != "owner":
                plan.error(row.line, col("role"), "only an owner can add another owner")
                return
            new_people[email] = Step(
                line=row.line, what="person", op="create", label=f"{name} <{email}>", detail=f"joins as {role}",
                run=lambda s, a, ctx, e=email, n=name, r=role: ctx["person"].__setitem__(
                    e, add_person(s, a, email=e, name=n, role=r)),
                columns={"email": col("email"), "name": col("holder"), "role": col("role")},
                default_column=col("email"))
        seat.holder = ("person", email)
        return
    if name:
        emails = member_names.get(name.casefold(), [])
        planned = [e for e, step in new_people.items() if step.label.split(" <")[0].casefold() == name.casefold()]
        agent = known_agents.get(name.casefold())
        matches = len(set(emails) | set(planned)) + (1 if agent is not None or name.casefold() in new_agents else 0)
        if matches > 1:
            plan.error(row.line, col("holder"), f"{name!r} matches several people or agents; give their email")
        elif emails or planned:
            seat.holder = ("person", (emails or planned)[0])
        elif agent is not None or name.casefold() in new_agents:
            seat.holder = ("agent", name.casefold())
        else:
            plan.error(row.line, col("holder"), f"unknown holder {name!r}: give their email to add them as a person, "
                                                f"or put the name in the agent column to add an agent")


def _check_human_above(session, org_id: str, order: list[_Seat], plan: Plan, column: str, known_agents) -> None:
    tree = Tree.load(session, org_id)
    ids: dict[str, _Seat] = {}
    for i, seat in enumerate(order):
        sid = seat.existing.id if seat.existing is not None else f"new:{i}"
        ids[sid] = seat
        seat.tree_id = sid
    for seat in order:
        parent = seat.parent.tree_id if isinstance(seat.parent, _Seat) else seat.parent
        if seat.existing is not None and seat.existing.parent_id is None:
            parent = None
        tree.parent[seat.tree_id] = parent
        if seat.holder is not None:
            tree.holder[seat.tree_id] = seat.holder[0]
        else:
            tree.holder.setdefault(seat.tree_id, None)
    for orphan in tree.agents_without_human_above():
        seat = ids.get(orphan)
        if seat is not None:
            plan.error(seat.line, column, f"agent seat {seat.title!r} has no person-held seat above it; the "
                                          f"organization requires one (setting require_human_above_agents)")


def _plan_seat_steps(seat: _Seat, plan: Plan, col) -> None:
    row = seat.row
    fields = {"title": col("seat"), "purpose": col("purpose"), "responsibilities": col("responsibilities"),
              "parent_id": col("reports_to"), "occupant": col("holder"), "id": col("holder")}

    def parent_id(ctx) -> str | None:
        if isinstance(seat.parent, _Seat):
            return ctx["seat"][id(seat.parent)]
        return seat.parent

    if seat.existing is None:
        def create(s, a, ctx, seat=seat):
            made = chart.create_seat(s, a, title=seat.title, purpose=seat.purpose,
                                     responsibilities=seat.responsibilities, parent_id=parent_id(ctx),
                                     position=seat.position)
            ctx["seat"][id(seat)] = made.id
        under = f"reports to {seat.parent.title if isinstance(seat.parent, _Seat) else row.get('reports_to')}" \
            if row.get("reports_to") else "top seat"
        plan.add(Step(line=row.line, what="seat", op="create", label=seat.title, detail=under, run=create,
                      columns=fields, default_column=col("seat")))
    else:
        current = seat.existing
        changes = {}
        if seat.purpose and seat.purpose != current.purpose:
            changes["purpose"] = seat.purpose
        if seat.responsibilities is not None and seat.responsibilities != list(current.responsibilities or []):
            changes["responsibilities"] = seat.responsibilities

        def update(s, a, ctx, seat=seat, changes=changes):
            ctx["seat"][id(seat)] = seat.existing.id
            if changes:
                chart.update_seat(s, a, seat.existing.id, dict(changes))
        plan.add(Step(line=row.line, what="seat", op="update" if changes else "unchanged", label=seat.title,
                      detail=", ".join(changes) + " changed" if changes else "already on the chart",
                      run=update, columns=fields, default_column=col("seat")))
    if seat.holder is None:
        return
    kind, key = seat.holder

    def assign(s, a, ctx, seat=seat, kind=kind, key=key):
        occupant = _holder_id(s, a, ctx, kind, key)
        chart.assign_occupant(s, a, ctx["seat"][id(seat)], kind=kind, occupant_id=occupant, replace=True)
    shown = row.get("holder") or row.get("agent") or key
    op = "create"
    if seat.existing is not None and (seat.existing.occupant_person_id or seat.existing.occupant_agent_id):
        op = "unchanged" if _holds(seat.existing, kind, key) else "update"
    plan.add(Step(line=row.line, what="holder", op=op, label=f"{seat.title} ← {shown}", detail=kind,
                  run=assign, columns=fields, default_column=col("holder")))


def _holds(seat: Seat, kind: str, key: str) -> bool:
    from sqlalchemy.orm import object_session
    s = object_session(seat)
    if kind == "person" and seat.occupant_person_id:
        return s.get(Person, seat.occupant_person_id).email.casefold() == key
    if kind == "agent" and seat.occupant_agent_id:
        return s.get(Agent, seat.occupant_agent_id).name.casefold() == key
    return False


def _holder_id(session: Session, actor: Actor, ctx: dict, kind: str, key: str) -> str:
    if kind == "agent":
        if key not in ctx["agent"]:
            ctx["agent"][key] = session.execute(select(Agent.id).where(
                Agent.org_id == actor.org_id, func.lower(Agent.name) == key)).scalar_one()
        return ctx["agent"][key]
    if key not in ctx["person"]:
        ctx["person"][key] = session.execute(select(Person.id).where(Person.email == key)).scalar_one()
    return ctx["person"][key]
