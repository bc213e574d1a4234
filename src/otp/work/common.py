"""Small helpers shared by the work services: seats and their occupants, dates, the org lock."""
from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.core import clock
from otp.core.errors import Invalid, NotFound
from otp.events.epoch import EpochCache, database_of, epoch
from otp.events.models import EventChain
from otp.org.models import Organization, Seat

QUARTER_RE = re.compile(r"^\d{4}-Q[1-4]$")
MAX_PAGE = 200


def id_like(value) -> bool:
    """Could this be one of our ids? (PostgreSQL refuses NUL in text, so never send it one.)"""
    return isinstance(value, str) and 0 < len(value) <= 40 and "\x00" not in value


def seat_in_org(session: Session, actor: Actor, seat_id, field: str) -> Seat:
    if not isinstance(seat_id, str) or not seat_id:
        raise Invalid(f"{field} must be a seat id", field=field)
    seat = session.get(Seat, seat_id) if id_like(seat_id) else None
    if seat is None or seat.org_id != actor.org_id:
        raise NotFound(f"no seat {seat_id!r} in this organization", field=field)
    return seat


# Seats known to exist in an organization, per process and governance epoch (otp.events.epoch):
# a seat is created and deleted only by services whose events move the epoch.
_SEATS: EpochCache[tuple, bool] = EpochCache(16384)
_SEAT_ORG = select(Seat.org_id).where(Seat.id == bindparam("id"))


def seat_id_in_org(session: Session, actor: Actor, seat_id, field: str) -> str:
    """seat_in_org for callers that need only the id (the same errors), without loading the row:
    on the hot path of a governed write, from the cache or one indexed read of one column."""
    if not isinstance(seat_id, str) or not seat_id:
        raise Invalid(f"{field} must be a seat id", field=field)
    now = epoch(session, actor.org_id)
    key = (database_of(session), actor.org_id, seat_id)
    if _SEATS.get(key, now):
        return seat_id
    org_id = session.execute(_SEAT_ORG, {"id": seat_id}).scalar() if id_like(seat_id) else None
    if org_id != actor.org_id:
        raise NotFound(f"no seat {seat_id!r} in this organization", field=field)
    _SEATS.put(key, now, True)
    return seat_id


def occupant(seat: Seat | None) -> tuple[str, str] | None:
    if seat is None:
        return None
    if seat.occupant_person_id:
        return ("person", seat.occupant_person_id)
    if seat.occupant_agent_id:
        return ("agent", seat.occupant_agent_id)
    return None


def holds(actor: Actor, seat: Seat | None) -> bool:
    """Is the actor the seat's current occupant?"""
    return actor.id is not None and occupant(seat) == (actor.kind, actor.id)


def serialize_org(session: Session, org_id: str) -> None:
    """Serialize with every other writer of this organization that records an event.

    Every mutation ends by locking the org's event-chain head (events.service.record), so taking
    that same lock first is the one lock order that cannot deadlock: used before unique-key
    inserts and rank renumbering, where two writers would otherwise wait on each other's rows.
    On SQLite the write transaction already holds the database lock; this is a cheap no-op."""
    session.execute(select(EventChain.org_id).where(EventChain.org_id == org_id).with_for_update())


def parse_date(field: str, value) -> date | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise Invalid(f"{field} must be a date like 2026-03-31", field=field)


def parse_datetime(field: str, value) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise Invalid(f"{field} must be an ISO-8601 time, e.g. 2026-03-31T17:00:00Z", field=field) from None
    if not isinstance(value, datetime):
        raise Invalid(f"{field} must be an ISO-8601 time", field=field)
    if value.tzinfo is None:
        raise Invalid(f"{field} needs a timezone (e.g. 2026-03-31T17:00:00Z)", field=field)
    return value


def iso_date(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def org_zone(session: Session, org_id: str) -> ZoneInfo:
    org = session.get(Organization, org_id)
    return ZoneInfo(org.timezone if org else "UTC")


def quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def current_quarter(session: Session, org_id: str) -> str:
    """The quarter today falls in, in the organization's own timezone."""
    return quarter_of(clock.now().astimezone(org_zone(session, org_id)).date())


def quarter(field: str, value) -> str:
    if not isinstance(value, str) or not QUARTER_RE.match(value):
        raise Invalid(f"{field} must look like 2026-Q1", field=field)
    return value


def limit_of(limit) -> int:
    return min(max(int(limit or 50), 1), MAX_PAGE)
