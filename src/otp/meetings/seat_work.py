"""The meeting series a seat attends or that bind an agenda section to it, and handing those
places over when the seat is deleted (otp.org.holdings). Past meetings keep their record."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.events.service import record
from otp.meetings.models import MeetingSeries
from otp.org.holdings import Held


def _mentions(series: MeetingSeries, seat_id: str) -> bool:
    return seat_id in (series.attendee_seat_ids or []) or any(
        seat_id in (section.get("seat_ids") or []) for section in series.agenda or [])


def _series_of(session: Session, org_id: str, seat_id: str, lock: bool = False) -> list[MeetingSeries]:
    q = select(MeetingSeries).where(MeetingSeries.org_id == org_id, MeetingSeries.active.is_(True)) \
        .order_by(MeetingSeries.id)
    if lock:
        q = q.with_for_update()
    return [s for s in session.execute(q).scalars() if _mentions(s, seat_id)]


def held(session: Session, org_id: str, seat_id: str) -> list[Held]:
    n = len(_series_of(session, org_id, seat_id))
    return [Held("meeting series", n, n)]


def _swap(seat_ids: list[str], seat_id: str, to_seat_id: str) -> list[str]:
    return list(dict.fromkeys(to_seat_id if s == seat_id else s for s in seat_ids))


def hand_over(session: Session, actor: Actor, seat_id: str, to_seat_id: str, reason: str) -> None:
    for series in _series_of(session, actor.org_id, seat_id, lock=True):
        changed: dict = {}
        attendees = _swap(series.attendee_seat_ids or [], seat_id, to_seat_id)
        if attendees != series.attendee_seat_ids:
            changed["attendee_seat_ids"] = attendees
        agenda = [{**section, "seat_ids": _swap(section["seat_ids"], seat_id, to_seat_id)}
                  if "seat_ids" in section else dict(section) for section in series.agenda or []]
        if agenda != series.agenda:
            changed["agenda"] = agenda
        for key, value in changed.items():
            setattr(series, key, value)
        record(session, actor, "meeting_series.updated", "meeting_series", series.id,
               {**changed, "from_seat_id": seat_id, "to_seat_id": to_seat_id, "reason": reason})
    session.flush()
