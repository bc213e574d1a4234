"""Ending a meeting: re-snapshot, write the minutes, deliver the cascading messages and the minutes
to every attendee's inbox (people and agents), schedule the next instance.

The end is claimed with one conditional UPDATE (`... WHERE state = 'running'`), so the person
pressing "End" and the overrun safety net can never both end the same meeting.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.core import clock
from otp.core.errors import Conflict
from otp.events.service import record
from otp.inbox.service import deliver
from otp.meetings import minutes, snapshot
from otp.meetings.actions import average, ratings
from otp.meetings.common import gate, get_meeting, title_of
from otp.meetings.models import Meeting, MeetingMessage, MeetingSeries
from otp.meetings.series import schedule_next
from otp.org.models import Organization

OVERRUN_SETTING = "meeting_overrun_minutes"
DEFAULT_OVERRUN_MINUTES = 60


def end_meeting(session: Session, actor: Actor, *, meeting_id: str) -> Meeting:
    """End a running meeting. Ending one already ended changes nothing."""
    meeting = get_meeting(session, actor, meeting_id)
    if meeting.state == "ended":
        return meeting
    if meeting.state != "running":
        raise Conflict(f"this meeting is {meeting.state}; only a running meeting ends", field="state")
    gate(session, actor, "end", {"meeting_id": meeting.id}, meeting.id)
    _finish(session, actor, meeting, "closed")
    return meeting


def _finish(session: Session, actor: Actor, meeting: Meeting, reason: str) -> bool:
    """True when this call ended the meeting; False when another writer had already."""
    now = clock.now()
    claimed = session.execute(
        update(Meeting).where(Meeting.id == meeting.id, Meeting.state == "running")
        .values(state="ended", ended_at=now, ended_reason=reason, version=Meeting.version + 1)
        .returning(Meeting.id).execution_options(synchronize_session=False)).first()
    session.expire(meeting)
    if claimed is None:
        return False
    meeting.snapshot_end = snapshot.take(session, meeting.org_id, meeting.agenda)
    session.flush()
    meeting.minutes = minutes.write(session, meeting)
    series = session.get(MeetingSeries, meeting.series_id)
    delivered = _deliver(session, meeting, series)
    following = schedule_next(session, actor, series, after=meeting.scheduled_at)
    scores = ratings(session, meeting)
    record(session, actor, "meeting.ended", "meeting", meeting.id,
           {"reason": reason, "rating_average": average(scores), "ratings": len(scores),
            "inbox_items": delivered, "next_meeting_id": following.id if following else None})
    return True


def _deliver(session: Session, meeting: Meeting, series: MeetingSeries) -> int:
    """The minutes and each cascading message, to every attendee seat's holder (once per holder)."""
    messages = session.execute(select(MeetingMessage).where(MeetingMessage.meeting_id == meeting.id)
                               .order_by(MeetingMessage.created_at, MeetingMessage.id)).scalars().all()
    recipients = list(dict.fromkeys((a["holder"]["kind"], a["holder"]["id"])
                                    for a in meeting.attendance or [] if a["holder"]))
    name = f"{title_of(series)}, {meeting.scheduled_at:%Y-%m-%d}"
    count = 0
    for kind, recipient_id in recipients:
        deliver(session, meeting.org_id, kind, recipient_id, "minutes", f"Minutes: {name}", meeting.minutes,
                link_type="meeting", link_id=meeting.id)
        for message in messages:
            deliver(session, meeting.org_id, kind, recipient_id, "message", f"Cascading message from {name}",
                    message.text, link_type="meeting", link_id=meeting.id)
        count += 1 + len(messages)
    return count


def overrun_minutes(org: Organization) -> int:
    value = (org.settings or {}).get(OVERRUN_SETTING, DEFAULT_OVERRUN_MINUTES)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else DEFAULT_OVERRUN_MINUTES


def planned_end(meeting: Meeting) -> datetime:
    return meeting.started_at + timedelta(minutes=sum(s["minutes"] for s in meeting.agenda or []))


def forgotten(session: Session, now: datetime) -> list[tuple[str, str]]:
    """(org id, meeting id) of running meetings N minutes past their planned end."""
    rows = session.execute(select(Meeting, Organization).join(Organization, Organization.id == Meeting.org_id)
                           .where(Meeting.state == "running")).all()
    return [(m.org_id, m.id) for m, org in rows if now > planned_end(m) + timedelta(minutes=overrun_minutes(org))]


def end_forgotten(session: Session, actor: Actor, meeting_id: str) -> bool:
    """The safety net's end: True when this call ended it (the claim is atomic)."""
    meeting = get_meeting(session, actor, meeting_id)
    if meeting.state != "running":
        return False
    return _finish(session, actor, meeting, "overrun")
