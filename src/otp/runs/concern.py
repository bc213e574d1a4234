"""Which events concern an agent: what wakes it, and what counts as "something changed" before a
scheduled run. The rule that matters most: an agent's own writes never concern it — an agent
woken by its own comment is a loop, not a wake."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.events.models import Event
from otp.inbox.models import InboxItem
from otp.org.models import Seat

# Bookkeeping of the runtime itself and of tokens: never news for the agent.
IGNORED_PREFIXES = ("run.", "token.", "agent.runtime_configured", "agent.cost_reported", "governance.denied")
# Events that wake an agent when they name one of its seats in these payload fields.
SEAT_WAKES = {
    "todo.created": ("owner_seat_id",),
    "todo.assigned": ("to_seat_id",),
    "escalation.raised": ("holder_seat_id",),
    "escalation.climbed": ("holder_seat_id",),
}
SCAN_LIMIT = 5000


def seats_of(session: Session, agent_id: str) -> set[str]:
    return set(session.execute(select(Seat.id).where(Seat.occupant_agent_id == agent_id)).scalars())


def own_write(event: Event, agent_id: str) -> bool:
    return event.actor_kind == "agent" and event.actor_id == agent_id


def ignored(event: Event) -> bool:
    return event.action.startswith(IGNORED_PREFIXES)


def _mentions(value, ids: set[str]) -> bool:
    if isinstance(value, str):
        return value in ids
    if isinstance(value, dict):
        return any(_mentions(v, ids) for v in value.values())
    if isinstance(value, list):
        return any(_mentions(v, ids) for v in value)
    return False


def touches(event: Event, agent_id: str, seat_ids: set[str]) -> bool:
    """The event is about something the agent owns or receives (not written by the agent)."""
    if own_write(event, agent_id) or ignored(event):
        return False
    ids = seat_ids | {agent_id}
    return event.entity_id in ids or _mentions(event.payload or {}, ids)


def wake_seat(event: Event) -> list[str]:
    """The seats an event wakes the holder of (to-dos assigned, escalations reaching it)."""
    fields = SEAT_WAKES.get(event.action, ())
    payload = event.payload or {}
    return [payload[f] for f in fields if isinstance(payload.get(f), str)]


def changed_since(session: Session, org_id: str, agent_id: str, seq: int, at: datetime) -> bool:
    """Has anything the agent owns or receives changed since event `seq` / time `at`?"""
    inbox = session.execute(select(InboxItem.id).where(
        InboxItem.org_id == org_id, InboxItem.recipient_kind == "agent", InboxItem.recipient_id == agent_id,
        InboxItem.created_at > at).limit(1)).first()
    if inbox:
        return True
    seat_ids = seats_of(session, agent_id)
    ids = seat_ids | owned_by(session, seat_ids)
    events = session.execute(select(Event).where(Event.org_id == org_id, Event.seq > seq)
                             .order_by(Event.seq).limit(SCAN_LIMIT)).scalars().all()
    if len(events) == SCAN_LIMIT:
        return True  # too much happened to read it all: run rather than miss something
    return any(touches(e, agent_id, ids) for e in events)


def owned_by(session: Session, seat_ids: set[str]) -> set[str]:
    """The ids of what the seats own: to-dos, outcomes, issues, measurables (a change to any of
    them — a number reported, a status set — is news for the owner)."""
    if not seat_ids:
        return set()
    from otp.scorecard.models import Measurable
    from otp.work.models import Issue, Outcome, Todo
    out: set[str] = set()
    for model in (Todo, Outcome, Issue, Measurable):
        out.update(session.execute(select(model.id).where(model.owner_seat_id.in_(seat_ids)).limit(2000)).scalars())
    return out
