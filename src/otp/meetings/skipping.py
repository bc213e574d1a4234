"""Meetings that do not happen: one instance cancelled on purpose (with a reason), and one the
worker finds whose whole slot passed without anyone starting it ("missed"). Either way the series
moves on: its next instance is scheduled at once, so prep requests keep going out.

Both claim the meeting with one conditional UPDATE (`... WHERE state = 'scheduled'`) after locking
the series row, so a start, a cancel and any number of workers never act on the same meeting twice.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.core import validate
from otp.core.errors import Conflict
from otp.events.service import record
from otp.meetings.agenda import total_minutes
from otp.meetings.common import gate, get_meeting, get_series
from otp.meetings.models import Meeting, MeetingSeries
from otp.meetings.series import schedule_next

REASON_MAX = 500


def slot_end(meeting: Meeting, series: MeetingSeries) -> datetime:
    """When the meeting's planned slot (its series' agenda, from its scheduled time) is over."""
    return meeting.scheduled_at + timedelta(minutes=total_minutes(series.agenda))


def _claim(session: Session, meeting: Meeting, state: str, **values) -> bool:
    claimed = session.execute(
        update(Meeting).where(Meeting.id == meeting.id, Meeting.state == "scheduled",
                              Meeting.scheduled_at == meeting.scheduled_at)
        .values(state=state, version=Meeting.version + 1, **values)
        .returning(Meeting.id).execution_options(synchronize_session=False)).first()
    session.expire(meeting)
    return claimed is not None


def cancel_meeting(session: Session, actor: Actor, *, meeting_id: str, reason: str) -> Meeting:
    """Call off one scheduled meeting (the series goes on: its next meeting is scheduled).
    Cancelling one already cancelled changes nothing."""
    reason = validate.text("reason", reason, max_len=REASON_MAX)
    meeting = get_meeting(session, actor, meeting_id)
    series = get_series(session, actor, meeting.series_id, lock=True)
    meeting = get_meeting(session, actor, meeting_id, lock=True)
    if meeting.state == "cancelled":
        return meeting
    if meeting.state != "scheduled":
        raise Conflict(f"this meeting is {meeting.state}; only a scheduled meeting is cancelled"
                       + ("; end it instead" if meeting.state == "running" else ""), field="state")
    gate(session, actor, "cancel", {"meeting_id": meeting.id, "reason": reason}, meeting.id)
    scheduled_at = meeting.scheduled_at
    if not _claim(session, meeting, "cancelled", cancel_reason=reason):
        raise Conflict("this meeting changed meanwhile; reload it", field="state")
    following = schedule_next(session, actor, series, after=scheduled_at)
    record(session, actor, "meeting.cancelled", "meeting", meeting.id,
           {"series_id": series.id, "scheduled_at": scheduled_at, "reason": reason,
            "next_meeting_id": following.id if following else None})
    return meeting


def missed(session: Session, now: datetime) -> list[tuple[str, str]]:
    """(org id, meeting id) of scheduled meetings whose whole slot ended before `now`."""
    rows = session.execute(select(Meeting, MeetingSeries).join(MeetingSeries, MeetingSeries.id == Meeting.series_id)
                           .where(Meeting.state == "scheduled", Meeting.scheduled_at < now)).all()
    return [(m.org_id, m.id) for m, series in rows if slot_end(m, series) <= now]


def mark_missed(session: Session, actor: Actor, meeting_id: str, now: datetime) -> bool:
    """The worker's half: True when this call marked the meeting missed (and scheduled the next);
    False when it had meanwhile started, been cancelled or moved, or another worker got there first."""
    meeting = get_meeting(session, actor, meeting_id)
    series = get_series(session, actor, meeting.series_id, lock=True)
    meeting = get_meeting(session, actor, meeting_id, lock=True)
    if meeting.state != "scheduled" or slot_end(meeting, series) > now:
        return False
    scheduled_at = meeting.scheduled_at
    if not _claim(session, meeting, "missed"):
        return False
    following = schedule_next(session, actor, series, after=scheduled_at)
    record(session, actor, "meeting.missed", "meeting", meeting.id,
           {"series_id": series.id, "scheduled_at": scheduled_at,
            "next_meeting_id": following.id if following else None})
    return True
