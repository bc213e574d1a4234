"""Changing the accountability chart. The rules, checked on an in-memory copy before writing:

- the chart is one tree: a single root, no cycles, parents in the same organization;
- a seat has at most one accountable occupant (a person who is a member, or an active agent);
- moving a seat moves its subtree (children keep pointing at it);
- deleting a seat with children needs a seat to re-parent them to;
- deleting a seat that still owns work needs a seat to hand the work to (otp.org.holdings);
- every agent-held seat has a person-held seat above it, unless the organization turns that off.

Every change locks the chart for its organization first, so concurrent writers serialize
(SQLite: BEGIN IMMEDIATE does it; PostgreSQL: a row lock on the organization).
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.governance.authz import require
from otp.core import clock, validate
from otp.core.errors import Conflict, Invalid, NotFound
from otp.core.ids import new_id
from otp.events.service import record
from otp.org import holdings
from otp.org.models import Agent, Membership, Organization, Seat, SeatOccupancy
from otp.org.orgs import setting
from otp.org.tree import Tree

MAX_RESPONSIBILITIES = 5
MIN_RESPONSIBILITIES = 3


def lock_chart(session: Session, org_id: str) -> Organization:
    """Serialize chart writers of one organization; afterwards every row read is current.

    expire_all matters on PostgreSQL (READ COMMITTED): a seat loaded before the lock may have
    been changed by the writer we waited for."""
    org = session.execute(select(Organization).where(Organization.id == org_id).with_for_update()).scalar_one()
    session.expire_all()
    return org


def get_seat(session: Session, actor: Actor, seat_id: str, field: str = "seat_id") -> Seat:
    seat = session.get(Seat, seat_id) if isinstance(seat_id, str) else None
    if seat is None or seat.org_id != actor.org_id:
        raise NotFound(f"no seat {seat_id!r} in this organization", field=field)
    return seat


def _fields(changes: dict) -> dict:
    clean: dict = {}
    for key, value in changes.items():
        if key == "title":
            clean[key] = validate.text("title", value)
        elif key == "purpose":
            clean[key] = validate.text("purpose", value, max_len=2000, required=False)
        elif key == "responsibilities":
            clean[key] = validate.string_list("responsibilities", value, min_items=MIN_RESPONSIBILITIES,
                                              max_items=MAX_RESPONSIBILITIES)
        elif key == "parent_id":
            if value is not None and not isinstance(value, str):
                raise Invalid("parent_id must be a seat id or null", field="parent_id")
            clean[key] = value
        elif key == "position":
            clean[key] = validate.integer("position", value, low=0, high=1_000_000)
        else:
            raise Invalid(f"unknown or read-only field {key!r}", field=key)
    return clean


def _check_parent(tree: Tree, seat_id: str | None, parent_id: str | None) -> None:
    if parent_id is None:
        others = [r for r in tree.roots() if r != seat_id]
        if others:
            raise Conflict("the chart already has a root seat; give parent_id", field="parent_id")
        return
    if parent_id not in tree.parent:
        raise NotFound(f"no seat {parent_id!r} in this organization", field="parent_id")
    if seat_id is not None and tree.is_in_subtree(parent_id, seat_id):
        raise Conflict("a seat cannot report to itself or to a seat below it (that would make a cycle)",
                       field="parent_id")


def _check_human_above(session: Session, org_id: str, tree: Tree, field: str) -> None:
    org = session.get(Organization, org_id)
    if not setting(org, "require_human_above_agents"):
        return
    orphans = tree.agents_without_human_above()
    if orphans:
        raise Conflict(
            f"every agent-held seat needs a person-held seat above it; this change would leave "
            f"{len(orphans)} agent seat(s) without one (e.g. {orphans[0]}). Put a person above them first, "
            f"or turn off the organization setting require_human_above_agents", field=field)


def create_seat(session: Session, actor: Actor, *, title: str, purpose: str = "",
                responsibilities: list[str], parent_id: str | None = None, position: int = 0) -> Seat:
    clean = _fields({"title": title, "purpose": purpose, "responsibilities": responsibilities,
                     "parent_id": parent_id, "position": position})
    require(session, actor, "seat.change", {"type": "seat", "parent_id": parent_id})
    lock_chart(session, actor.org_id)
    tree = Tree.load(session, actor.org_id)
    _check_parent(tree, None, clean["parent_id"])
    seat = Seat(id=new_id("seat"), org_id=actor.org_id, **clean)
    session.add(seat)
    session.flush()
    record(session, actor, "seat.created", "seat", seat.id, clean)
    return seat


def update_seat(session: Session, actor: Actor, seat_id: str, changes: dict) -> Seat:
    """Edit fields; a changed parent_id is a move."""
    clean = _fields(changes)
    seat = get_seat(session, actor, seat_id)
    require(session, actor, "seat.change", {"type": "seat", "id": seat_id})
    if "parent_id" in clean and clean["parent_id"] != seat.parent_id:
        seat = move_seat(session, actor, seat_id, clean.pop("parent_id"))
    else:
        clean.pop("parent_id", None)
    if clean:
        for key, value in clean.items():
            setattr(seat, key, value)
        record(session, actor, "seat.updated", "seat", seat.id, clean)
    return seat


def move_seat(session: Session, actor: Actor, seat_id: str, parent_id: str | None) -> Seat:
    if parent_id is not None and not isinstance(parent_id, str):
        raise Invalid("parent_id must be a seat id or null", field="parent_id")
    require(session, actor, "seat.change", {"type": "seat", "id": seat_id})
    lock_chart(session, actor.org_id)
    seat = get_seat(session, actor, seat_id)
    tree = Tree.load(session, actor.org_id)
    _check_parent(tree, seat.id, parent_id)
    old_parent = seat.parent_id
    if old_parent == parent_id:
        return seat
    tree.parent[seat.id] = parent_id
    _check_human_above(session, actor.org_id, tree, "parent_id")
    seat.parent_id = parent_id
    record(session, actor, "seat.moved", "seat", seat.id, {"from_parent_id": old_parent, "to_parent_id": parent_id})
    return seat


def delete_seat(session: Session, actor: Actor, seat_id: str, reparent_to: str | None = None,
                reassign_to: str | None = None) -> None:
    """Children go to `reparent_to`. Deleting the root: `reparent_to` names one of its children,
    which becomes the new root and takes its former siblings.

    A seat that still owns work (outcomes, issues, to-dos, measurables, SOPs, meeting places...;
    see otp.org.holdings) is refused with a 409 that counts it per kind, unless `reassign_to`
    names the seat that takes all of it over, in the same transaction, one event per row."""
    for name, value in (("reparent_to", reparent_to), ("reassign_to", reassign_to)):
        if value is not None and (not isinstance(value, str) or not value):
            raise Invalid(f"{name} must be a seat id", field=name)
    require(session, actor, "seat.change", {"type": "seat", "id": seat_id})
    lock_chart(session, actor.org_id)
    seat = get_seat(session, actor, seat_id)
    tree = Tree.load(session, actor.org_id)
    if reassign_to is not None:
        if reassign_to not in tree.parent:
            raise NotFound(f"no seat {reassign_to!r} in this organization", field="reassign_to")
        if reassign_to == seat.id:
            raise Conflict("reassign_to must be another seat than the one being deleted", field="reassign_to")
    children = [s for s, p in tree.parent.items() if p == seat.id]
    new_parent_of: dict[str, str | None] = {}
    if children:
        if reparent_to is None:
            raise Conflict(f"this seat has {len(children)} seat(s) reporting to it; give reparent_to",
                           field="reparent_to")
        if reparent_to not in tree.parent:
            raise NotFound(f"no seat {reparent_to!r} in this organization", field="reparent_to")
        if seat.parent_id is None:
            if reparent_to not in children:
                raise Conflict("deleting the root: reparent_to must be one of its direct reports",
                              field="reparent_to")
            new_parent_of = {c: reparent_to for c in children if c != reparent_to}
            new_parent_of[reparent_to] = None
        else:
            if tree.is_in_subtree(reparent_to, seat.id):
                raise Conflict("reparent_to is inside the seat being deleted", field="reparent_to")
            new_parent_of = {c: reparent_to for c in children}
    for child, parent in new_parent_of.items():
        tree.parent[child] = parent
    del tree.parent[seat.id]
    del tree.holder[seat.id]
    _check_human_above(session, actor.org_id, tree, "reparent_to")
    owned = holdings.held(session, actor.org_id, seat.id)
    if owned and reassign_to is None:
        raise Conflict(f"this seat still owns {holdings.describe(owned)}; give reassign_to (the seat that "
                       f"takes it over), or move that work to other seats first", field="reassign_to")
    if owned:
        holdings.hand_over(session, actor, seat.id, reassign_to, f"seat {seat.title!r} ({seat.id}) deleted")
    for child_id, parent in new_parent_of.items():
        session.get(Seat, child_id).parent_id = parent
    session.flush()
    _end_occupancy(session, seat)
    payload = {"title": seat.title, "parent_id": seat.parent_id, "reparented": new_parent_of,
               "reassigned_to": reassign_to if owned else None,
               "reassigned": {h.kind: h.total for h in owned}}
    session.delete(seat)
    session.flush()
    record(session, actor, "seat.deleted", "seat", seat_id, payload)


def assign_occupant(session: Session, actor: Actor, seat_id: str, *, kind: str, occupant_id: str,
                    replace: bool = False) -> Seat:
    kind = validate.choice("kind", kind, ("person", "agent"))
    if not isinstance(occupant_id, str) or not occupant_id:
        raise Invalid("occupant id is required", field="id")
    require(session, actor, "seat.change", {"type": "seat", "id": seat_id})
    lock_chart(session, actor.org_id)
    seat = get_seat(session, actor, seat_id)
    if kind == "person":
        member = session.execute(select(Membership).where(
            Membership.org_id == actor.org_id, Membership.person_id == occupant_id)).scalar_one_or_none()
        if member is None:
            raise NotFound("no such person in this organization", field="id")
        if member.status != "active":
            raise Conflict("a deactivated person cannot hold a seat", field="id")
    else:
        agent = session.get(Agent, occupant_id)
        if agent is None or agent.org_id != actor.org_id:
            raise NotFound("no such agent in this organization", field="id")
        if agent.status == "retired":
            raise Conflict("a retired agent cannot hold a seat", field="id")
    current = seat.occupant_person_id or seat.occupant_agent_id
    if current == occupant_id:
        return seat
    if current and not replace:
        raise Conflict("this seat already has an occupant; vacate it first or pass replace=true",
                       field="occupant")
    tree = Tree.load(session, actor.org_id)
    tree.holder[seat.id] = kind
    _check_human_above(session, actor.org_id, tree, "occupant")
    previous = _end_occupancy(session, seat)
    seat.occupant_person_id = occupant_id if kind == "person" else None
    seat.occupant_agent_id = occupant_id if kind == "agent" else None
    session.add(SeatOccupancy(id=new_id("occ"), org_id=actor.org_id, seat_id=seat.id, occupant_kind=kind,
                              occupant_id=occupant_id, assigned_by=actor.id))
    session.flush()
    record(session, actor, "seat.occupant_assigned", "seat", seat.id,
           {"kind": kind, "id": occupant_id, "replaced": previous})
    return seat


def vacate(session: Session, actor: Actor, seat_id: str) -> Seat:
    require(session, actor, "seat.change", {"type": "seat", "id": seat_id})
    lock_chart(session, actor.org_id)
    seat = get_seat(session, actor, seat_id)
    if seat.occupant_kind is None:
        return seat
    tree = Tree.load(session, actor.org_id)
    tree.holder[seat.id] = None
    _check_human_above(session, actor.org_id, tree, "occupant")
    previous = _end_occupancy(session, seat)
    seat.occupant_person_id = None
    seat.occupant_agent_id = None
    record(session, actor, "seat.vacated", "seat", seat.id, {"previous": previous})
    return seat


def _end_occupancy(session: Session, seat: Seat) -> dict | None:
    kind = seat.occupant_kind
    if kind is None:
        return None
    occupant_id = seat.occupant_person_id or seat.occupant_agent_id
    open_row = session.execute(select(SeatOccupancy).where(
        SeatOccupancy.seat_id == seat.id, SeatOccupancy.ended_at.is_(None))).scalars().all()
    for row in open_row:
        row.ended_at = clock.now()
    return {"kind": kind, "id": occupant_id}


def occupancy_history(session: Session, actor: Actor, seat_id: str) -> list[SeatOccupancy]:
    get_seat(session, actor, seat_id)
    return list(session.execute(select(SeatOccupancy).where(SeatOccupancy.seat_id == seat_id)
                                .order_by(SeatOccupancy.started_at)).scalars())
