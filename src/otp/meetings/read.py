"""Reading meetings: one shape for REST, the CLI's --json and the web pages, so all say the same."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.core import clock, validate
from otp.core.errors import Conflict
from otp.meetings import items, recurrence
from otp.meetings.actions import average, ratings
from otp.meetings.agenda import total_minutes
from otp.meetings.common import get_meeting, get_series, title_of
from otp.meetings.ending import planned_end
from otp.meetings.models import STATES, Meeting, MeetingMessage, MeetingSeries
from otp.meetings.prep import prep_status

MAX_PAGE = 200


def series_view(series: MeetingSeries) -> dict:
    return {"id": series.id, "team": series.team, "title": title_of(series), "weekday": series.weekday,
            "time_of_day": series.time_of_day, "timezone": series.timezone,
            "recurrence": recurrence.describe(series.weekday, series.time_of_day, series.timezone),
            "attendee_seat_ids": list(series.attendee_seat_ids), "agenda": list(series.agenda),
            "minutes": total_minutes(series.agenda), "active": series.active}


def timing(meeting: Meeting, now=None) -> dict:
    """The running segment's clock: elapsed against planned, overrun computed (never stored)."""
    if meeting.state != "running" or meeting.current_segment is None:
        return {"segment": None, "elapsed_seconds": None, "planned_seconds": None, "overrun": False,
                "planned_end": None, "meeting_overrun": False}
    now = now or clock.now()
    elapsed = max(int((now - meeting.segment_started_at).total_seconds()), 0)
    planned = meeting.agenda[meeting.current_segment]["minutes"] * 60
    end = planned_end(meeting)
    return {"segment": meeting.current_segment, "elapsed_seconds": elapsed, "planned_seconds": planned,
            "overrun": elapsed > planned, "planned_end": end, "meeting_overrun": now > end}


def meeting_view(session: Session, meeting: Meeting, *, full: bool = True) -> dict:
    series = session.get(MeetingSeries, meeting.series_id)
    scores = ratings(session, meeting)
    attendees = prep_status(session, meeting, series)
    for a in attendees:
        a["rating"] = scores.get(a["seat_id"])
        if not full:
            a.pop("content", None)
    agenda = meeting.agenda or series.agenda
    out = {"id": meeting.id, "series_id": series.id, "title": title_of(series), "team": series.team,
           "timezone": series.timezone, "state": meeting.state, "scheduled_at": meeting.scheduled_at,
           "started_at": meeting.started_at, "ended_at": meeting.ended_at, "ended_reason": meeting.ended_reason,
           "cancel_reason": meeting.cancel_reason,
           "agenda": agenda, "current_segment": meeting.current_segment,
           "segment_started_at": meeting.segment_started_at, "timing": timing(meeting), "version": meeting.version,
           "attendees": attendees, "prepared": sum(1 for a in attendees if a["prepared"]),
           "ratings_average": average(scores), "has_minutes": meeting.minutes is not None}
    if full:
        messages = session.execute(select(MeetingMessage).where(MeetingMessage.meeting_id == meeting.id)
                                   .order_by(MeetingMessage.created_at, MeetingMessage.id)).scalars()
        out.update(snapshot_start=meeting.snapshot_start, snapshot_end=meeting.snapshot_end,
                   messages=[{"id": m.id, "text": m.text, "created_at": m.created_at} for m in messages],
                   items=[{"kind": i.kind, "entity_type": i.entity_type, "entity_id": i.entity_id, "data": i.data}
                          for i in items.of(session, meeting.id)])
    return out


def list_meetings(session: Session, actor: Actor, *, series_id: str | None = None, state: str | None = None,
                  limit: int = 50) -> list[Meeting]:
    """Newest scheduled time first."""
    q = select(Meeting).where(Meeting.org_id == actor.org_id)
    if series_id is not None:
        q = q.where(Meeting.series_id == get_series(session, actor, series_id).id)
    if state is not None:
        q = q.where(Meeting.state == validate.choice("state", state, STATES))
    limit = validate.integer("limit", limit, low=1, high=MAX_PAGE)
    return list(session.execute(q.order_by(Meeting.scheduled_at.desc(), Meeting.id).limit(limit)).scalars())


def minutes_of(session: Session, actor: Actor, meeting_id: str) -> Meeting:
    meeting = get_meeting(session, actor, meeting_id)
    if meeting.minutes is None:
        raise Conflict("the minutes are written when the meeting ends", field="meeting_id")
    return meeting
