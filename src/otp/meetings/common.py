"""Shared by the meeting services: lookups, the governance gate, the version bump, seat holders.

Every runner action is governed as `meeting.run`; otp.meetings.ops declares every action by name
and holds the service a held action replays through.
"""
from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.governance.authz import require
from otp.core.errors import Conflict, NotFound
from otp.meetings.models import Meeting, MeetingSeries
from otp.org.models import Agent, Person, Seat

RUN = "meeting.run"
# Managing the cadence is its own class (otp.governance.catalog): creating or editing a series is
# meeting.series, deleting one meeting.series.delete; every other op runs a meeting.
SERIES, SERIES_DELETE = "meeting.series", "meeting.series.delete"


def action_of(name: str) -> str:
    """The action class that governs the meeting op `name`."""
    if name == "series.delete":
        return SERIES_DELETE
    return SERIES if name.startswith("series.") else RUN


def gate(session: Session, actor: Actor, name: str, args: dict, meeting_id: str | None = None) -> None:
    resource = {"type": "meeting_series", "id": args.get("series_id")} if name.startswith("series.") \
        else {"type": "meeting", "id": meeting_id}
    require(session, actor, action_of(name), resource, payload={"op": name, "args": args})


def _id_like(value) -> bool:
    return isinstance(value, str) and 0 < len(value) <= 40 and "\x00" not in value


def get_series(session: Session, actor: Actor, series_id, *, lock: bool = False) -> MeetingSeries:
    q = select(MeetingSeries).where(MeetingSeries.id == series_id, MeetingSeries.org_id == actor.org_id)
    if lock:
        q = q.with_for_update().execution_options(populate_existing=True)
    row = session.execute(q).scalar_one_or_none() if _id_like(series_id) else None
    if row is None:
        raise NotFound(f"no meeting series {series_id!r} in this organization", field="series_id")
    return row


def get_meeting(session: Session, actor: Actor, meeting_id, *, lock: bool = False) -> Meeting:
    q = select(Meeting).where(Meeting.id == meeting_id, Meeting.org_id == actor.org_id)
    if lock:
        # Serializes the runner's writers on one meeting; populate_existing: see the winner's row.
        q = q.with_for_update().execution_options(populate_existing=True)
    row = session.execute(q).scalar_one_or_none() if _id_like(meeting_id) else None
    if row is None:
        raise NotFound(f"no meeting {meeting_id!r} in this organization", field="meeting_id")
    return row


def running(session: Session, actor: Actor, meeting_id) -> Meeting:
    """The meeting, locked, and refusing unless it is running."""
    meeting = get_meeting(session, actor, meeting_id, lock=True)
    if meeting.state != "running":
        raise Conflict(f"this meeting is {meeting.state}; start it first" if meeting.state == "scheduled"
                       else f"this meeting is {meeting.state}", field="state")
    return meeting


def bump(session: Session, meeting: Meeting) -> None:
    """Every change moves the version, so live pages (any app instance) know to re-fetch."""
    session.execute(update(Meeting).where(Meeting.id == meeting.id).values(version=Meeting.version + 1)
                    .execution_options(synchronize_session=False))
    session.expire(meeting, ["version"])


def holder(session: Session, seat_id: str) -> dict | None:
    """{kind, id, name} of whoever holds the seat now, or None when it is vacant."""
    seat = session.get(Seat, seat_id)
    if seat is None:
        return None
    if seat.occupant_person_id:
        person = session.get(Person, seat.occupant_person_id)
        return {"kind": "person", "id": person.id, "name": person.name}
    if seat.occupant_agent_id:
        agent = session.get(Agent, seat.occupant_agent_id)
        return {"kind": "agent", "id": agent.id, "name": agent.name}
    return None


def seats_held(session: Session, actor: Actor) -> list[str]:
    column = Seat.occupant_person_id if actor.kind == "person" else Seat.occupant_agent_id
    if actor.kind not in ("person", "agent"):
        return []
    return list(session.execute(select(Seat.id).where(Seat.org_id == actor.org_id, column == actor.id)).scalars())


def title_of(series: MeetingSeries) -> str:
    return f"{series.team} weekly"
