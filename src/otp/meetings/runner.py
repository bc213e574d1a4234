"""Running a meeting: start (freeze the agenda, attendance and a snapshot) and advance segments.

Advancing is a conditional UPDATE (`... WHERE current_segment = :from`): two people pressing
"next" on the same segment at once move the meeting one segment, whichever database runs it.
"""
from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.core import clock, validate
from otp.core.errors import Conflict
from otp.events.service import record
from otp.meetings import snapshot
from otp.meetings.common import bump, gate, get_meeting, holder
from otp.meetings.models import Meeting, MeetingSeries
from otp.org.models import Seat


def start_meeting(session: Session, actor: Actor, *, meeting_id: str) -> Meeting:
    """Start a scheduled meeting. Starting one already running changes nothing."""
    meeting = get_meeting(session, actor, meeting_id, lock=True)
    if meeting.state == "running":
        return meeting
    if meeting.state != "scheduled":
        raise Conflict(f"this meeting is {meeting.state}; only a scheduled meeting starts", field="state")
    gate(session, actor, "start", {"meeting_id": meeting.id}, meeting.id)
    series = session.get(MeetingSeries, meeting.series_id)
    now = clock.now()
    meeting.agenda = [dict(section) for section in series.agenda]
    meeting.attendance = [_attendee(session, seat_id) for seat_id in series.attendee_seat_ids]
    meeting.state, meeting.started_at = "running", now
    meeting.current_segment, meeting.segment_started_at = 0, now
    meeting.snapshot_start = snapshot.take(session, meeting.org_id, meeting.agenda)
    session.flush()
    bump(session, meeting)
    record(session, actor, "meeting.started", "meeting", meeting.id,
           {"series_id": series.id, "attendee_seat_ids": series.attendee_seat_ids,
            "measurables": len(meeting.snapshot_start["scorecard"]["rows"]),
            "rocks": len(meeting.snapshot_start["rocks"])})
    return meeting


def _attendee(session: Session, seat_id: str) -> dict:
    seat = session.get(Seat, seat_id)
    return {"seat_id": seat_id, "seat_title": seat.title if seat else "(deleted seat)",
            "holder": holder(session, seat_id)}


def advance(session: Session, actor: Actor, *, meeting_id: str, from_segment: int) -> Meeting:
    """Move from segment `from_segment` (the one the caller sees as current) to the next. When the
    meeting has already moved on, nothing changes: a second press of the same button is a no-op."""
    from_segment = validate.integer("from_segment", from_segment, low=0, high=1000)
    meeting = get_meeting(session, actor, meeting_id)
    if meeting.state != "running":
        raise Conflict(f"this meeting is {meeting.state}", field="state")
    if from_segment >= len(meeting.agenda):
        raise Conflict(f"the agenda has {len(meeting.agenda)} segments", field="from_segment")
    if from_segment == len(meeting.agenda) - 1 and meeting.current_segment == from_segment:
        raise Conflict("this is the last segment: end the meeting instead", field="from_segment")
    gate(session, actor, "advance", {"meeting_id": meeting.id, "from_segment": from_segment}, meeting.id)
    now = clock.now()
    moved = session.execute(
        update(Meeting).where(Meeting.id == meeting.id, Meeting.state == "running",
                              Meeting.current_segment == from_segment)
        .values(current_segment=from_segment + 1, segment_started_at=now, version=Meeting.version + 1)
        .returning(Meeting.id).execution_options(synchronize_session=False)).first()
    before = meeting.segment_started_at
    session.expire(meeting)
    if moved is None:
        return get_meeting(session, actor, meeting_id)
    elapsed = int((now - before).total_seconds()) if before else 0
    planned = meeting.agenda[from_segment]["minutes"] * 60
    record(session, actor, "meeting.advanced", "meeting", meeting.id,
           {"from": from_segment, "to": from_segment + 1, "elapsed_seconds": elapsed,
            "planned_seconds": planned, "overrun": elapsed > planned})
    return meeting
