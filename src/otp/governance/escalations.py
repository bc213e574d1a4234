"""Escalations: any actor asks the nearest human above for input.

The holder is the nearest human-held seat above the raiser's seat (vacancies and agent seats
skipped); the respond-by time comes from the urgency (settings["escalation_sla_hours"]).
Unanswered, the worker moves it one seat up per SLA until the top human seat, where it stays.
Every hop is an event and an inbox item; the resolution is recorded.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from otp.auth.actor import Actor, system_actor
from otp.governance.authz import require
from otp.commands import command
from otp.core import clock, links, validate
from otp.core.errors import Conflict, Forbidden, NotFound
from otp.core.ids import new_id
from otp.events.service import record
from otp.governance import mail_notices, routing, settings
from otp.governance.models import URGENCIES, Escalation
from otp.inbox.service import close_links, deliver
from otp.org.models import Membership, Seat
from otp.org.tree import Tree


def _respond_by(session: Session, org_id: str, urgency: str, now: datetime) -> datetime:
    hours = settings.get(session, org_id, "escalation_sla_hours").get(urgency, 24)
    return now + timedelta(hours=hours)


@command("escalation.raise")
def raise_escalation(session: Session, actor: Actor, *, reason: str, urgency: str = "normal", needed: str = "",
                     link_type: str | None = None, link_id: str | None = None) -> Escalation:
    reason = validate.text("reason", reason, max_len=4000)
    urgency = validate.choice("urgency", urgency, URGENCIES)
    needed = validate.text("needed", needed, max_len=4000, required=False)
    link_type, link_id = links.checked(session, actor.org_id, link_type, link_id, type_field="link_type",
                                       id_field="link_id")
    require(session, actor, "escalation.raise", {"type": "escalation"},
            payload={"reason": reason, "urgency": urgency, "needed": needed, "link_type": link_type,
                     "link_id": link_id})
    seat = routing.seat_of(session, actor.kind, actor.id)
    return open_escalation(session, actor, seat, reason=reason, urgency=urgency, needed=needed,
                           link_type=link_type, link_id=link_id)


def open_escalation(session: Session, raiser: Actor, from_seat: str | None, *, reason: str, urgency: str,
                    needed: str = "", link_type: str | None = None, link_id: str | None = None) -> Escalation:
    """Also used by the guards, which escalate on an agent's behalf (raiser: the system)."""
    tree = Tree.load(session, raiser.org_id)
    exclude = {raiser.id} if raiser.kind == "person" else set()
    route = routing.human_above(session, raiser.org_id, from_seat, tree=tree, exclude=exclude) \
        or routing.top(session, raiser.org_id, tree=tree, exclude=exclude) \
        or routing.top(session, raiser.org_id, tree=tree)
    now = clock.now()
    esc = Escalation(id=new_id("esc"), org_id=raiser.org_id, raised_by_kind=raiser.kind, raised_by_id=raiser.id,
                     from_seat_id=from_seat, reason=reason, needed=needed, urgency=urgency, link_type=link_type,
                     link_id=link_id, holder_seat_id=route[0] if route else None,
                     holder_person_id=route[1] if route else None, respond_by=_respond_by(session, raiser.org_id,
                                                                                          urgency, now),
                     path=[route[0]] if route and route[0] else [], at_top=route is None or route[0] is None,
                     state="open", created_at=now)
    session.add(esc)
    session.flush()
    record(session, raiser, "escalation.raised", "escalation", esc.id,
           {"reason": reason, "urgency": urgency, "needed": needed, "holder_seat_id": esc.holder_seat_id,
            "holder_person_id": esc.holder_person_id, "respond_by": esc.respond_by, "from_seat_id": from_seat})
    _notify(session, esc, "Escalation")
    return esc


def _notify(session: Session, esc: Escalation, prefix: str) -> None:
    if esc.holder_person_id:
        body = esc.reason + (f"\n\nNeeded: {esc.needed}" if esc.needed else "")
        deliver(session, esc.org_id, "person", esc.holder_person_id, "escalation",
                f"{prefix} ({esc.urgency}): {esc.reason[:120]}", body, "escalation", esc.id)
        mail_notices.escalation_reached(session, esc, climbed=esc.hops > 0)


def get(session: Session, actor: Actor, escalation_id: str) -> Escalation:
    esc = session.get(Escalation, escalation_id) if isinstance(escalation_id, str) else None
    if esc is None or esc.org_id != actor.org_id:
        raise NotFound("no such escalation", field="escalation_id")
    return esc


def _may_resolve(session: Session, actor: Actor, esc: Escalation) -> bool:
    if (actor.kind, actor.id) == (esc.raised_by_kind, esc.raised_by_id) or esc.holder_person_id == actor.id:
        return True
    if actor.kind == "person" and session.execute(select(Membership.role).where(
            Membership.org_id == actor.org_id, Membership.person_id == actor.id)).scalar() in ("owner", "admin"):
        return True
    column = Seat.occupant_person_id if actor.kind == "person" else Seat.occupant_agent_id
    mine = set(session.execute(select(Seat.id).where(column == actor.id)).scalars())
    anchor = esc.holder_seat_id or esc.from_seat_id
    return bool(mine and anchor and (anchor in mine or mine & set(Tree.load(session, actor.org_id).ancestors(anchor))))


@command("escalation.resolve")
def resolve(session: Session, actor: Actor, *, escalation_id: str, resolution: str) -> Escalation:
    resolution = validate.text("resolution", resolution, max_len=4000)
    esc = get(session, actor, escalation_id)
    if esc.state != "open":
        raise Conflict("this escalation is already resolved", field="escalation_id")
    if not _may_resolve(session, actor, esc):
        raise Forbidden("only the holder, the seats above it, owners and admins, or the raiser may resolve this",
                        field="escalation_id")
    require(session, actor, "escalation.resolve",
            {"type": "escalation", "id": esc.id, "owner_seat_id": esc.from_seat_id},
            payload={"escalation_id": escalation_id, "resolution": resolution})
    claimed = session.execute(update(Escalation).where(Escalation.id == esc.id, Escalation.state == "open").values(
        state="resolved", resolution=resolution, resolved_by_kind=actor.kind, resolved_by_id=actor.id,
        resolved_at=clock.now()).execution_options(synchronize_session=False)).rowcount
    if claimed != 1:
        raise Conflict("this escalation was resolved a moment ago", field="escalation_id")
    session.refresh(esc)
    close_links(session, "escalation", esc.id)
    record(session, actor, "escalation.resolved", "escalation", esc.id, {"resolution": resolution})
    if esc.raised_by_kind in ("person", "agent") and (esc.raised_by_kind, esc.raised_by_id) != (actor.kind, actor.id):
        deliver(session, esc.org_id, esc.raised_by_kind, esc.raised_by_id, "message",
                f"Your escalation was resolved: {esc.reason[:120]}", resolution, "escalation", esc.id)
    return esc


def list_escalations(session: Session, actor: Actor, *, state: str | None = "open", mine: bool = False,
                     limit: int = 200) -> list[Escalation]:
    """Open first by respond-by; `mine`: those the actor holds or raised."""
    q = select(Escalation).where(Escalation.org_id == actor.org_id)
    if state is not None:
        q = q.where(Escalation.state == validate.choice("state", state, ("open", "resolved")))
    if mine:
        raised = and_(Escalation.raised_by_kind == actor.kind, Escalation.raised_by_id == actor.id)
        q = q.where(or_(Escalation.holder_person_id == actor.id, raised) if actor.kind == "person" else raised)
    return list(session.execute(q.order_by(Escalation.respond_by, Escalation.id).limit(limit)).scalars())


def climb(session: Session, escalation_id: str, now: datetime) -> str | None:
    """One overdue escalation: one seat up, or mark it at the top where it stays. Claimed with the
    hop counter so two workers never move it twice."""
    esc = session.get(Escalation, escalation_id)
    if esc is None or esc.state != "open" or esc.at_top or esc.respond_by > now:
        return None
    nxt = routing.human_above(session, esc.org_id, esc.holder_seat_id, exclude={esc.holder_person_id}) \
        if esc.holder_seat_id else None
    if nxt is None:
        values = dict(at_top=True)
    else:
        values = dict(holder_seat_id=nxt[0], holder_person_id=nxt[1], hops=esc.hops + 1, path=[*esc.path, nxt[0]],
                      respond_by=_respond_by(session, esc.org_id, esc.urgency, now))
    claimed = session.execute(update(Escalation).where(
        Escalation.id == esc.id, Escalation.hops == esc.hops, Escalation.state == "open",
        Escalation.at_top.is_(False)).values(**values).execution_options(synchronize_session=False)).rowcount
    if claimed != 1:
        return None
    session.refresh(esc)
    if nxt is None:
        return "top"
    close_links(session, "escalation", esc.id)
    record(session, system_actor(esc.org_id), "escalation.climbed", "escalation", esc.id,
           {"holder_seat_id": nxt[0], "holder_person_id": nxt[1], "hops": esc.hops, "respond_by": esc.respond_by})
    _notify(session, esc, "Escalated to you")
    return "climbed"
