"""Meeting series: team, weekly recurrence, attendee seats, agenda template; and scheduling the
next instance (at most one scheduled instance per series at any time)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.core import clock, validate
from otp.core.errors import Invalid
from otp.core.ids import new_id
from otp.events.service import record
from otp.meetings import agenda as agendas
from otp.meetings import feed
from otp.meetings import recurrence
from otp.meetings.common import bump, gate, get_series
from otp.meetings.models import Meeting, MeetingSeries
from otp.org.models import Organization

EDITABLE = ("team", "weekday", "time_of_day", "timezone", "attendee_seat_ids", "agenda")


def _clean(session: Session, actor: Actor, changes: dict) -> dict:
    clean: dict = {}
    for key, value in changes.items():
        if key == "team":
            clean[key] = validate.text("team", value)
        elif key == "weekday":
            clean[key] = validate.integer("weekday", value, low=0, high=6)
        elif key == "time_of_day":
            recurrence.parse_time("time_of_day", value)
            clean[key] = value
        elif key == "timezone":
            clean[key] = validate.timezone_name("timezone", value)
        elif key == "attendee_seat_ids":
            clean[key] = agendas.check_seats(session, actor.org_id, value, "attendee_seat_ids")
        elif key == "agenda":
            clean[key] = agendas.check_agenda(session, actor.org_id, value)
        else:
            raise Invalid(f"unknown or read-only field {key!r}; editable: {', '.join(EDITABLE)}", field=key)
    return clean


def create_series(session: Session, actor: Actor, *, team: str, weekday: int, time_of_day: str,
                  attendee_seat_ids: list[str], agenda: list[dict] | None = None,
                  timezone: str | None = None) -> MeetingSeries:
    """A weekly meeting. Without `agenda`, the default weekly agenda; without `timezone`, the
    organization's. Schedules the first instance."""
    tz = timezone if timezone is not None else session.get(Organization, actor.org_id).timezone
    clean = _clean(session, actor, {"team": team, "weekday": weekday, "time_of_day": time_of_day, "timezone": tz,
                                    "attendee_seat_ids": attendee_seat_ids,
                                    "agenda": agenda if agenda is not None else agendas.default_agenda()})
    gate(session, actor, "series.create", {**clean})
    row = MeetingSeries(id=new_id("mser"), org_id=actor.org_id, active=True, feed_token=feed.new_token(), **clean)
    session.add(row)
    session.flush()
    record(session, actor, "meeting_series.created", "meeting_series", row.id, clean)
    schedule_next(session, actor, row)
    return row


def update_series(session: Session, actor: Actor, *, series_id: str, changes: dict) -> MeetingSeries:
    """Edit the series; a change of day, time or timezone moves the scheduled instance."""
    if not isinstance(changes, dict):
        raise Invalid("changes must be an object", field="changes")
    row = get_series(session, actor, series_id, lock=True)
    if not row.active:
        raise Invalid("this series was deleted", field="series_id")
    clean = _clean(session, actor, changes)
    changed = {k: v for k, v in clean.items() if getattr(row, k) != v}
    gate(session, actor, "series.update", {"series_id": row.id, "changes": clean})
    if not changed:
        return row
    for key, value in changed.items():
        setattr(row, key, value)
    record(session, actor, "meeting_series.updated", "meeting_series", row.id, changed)
    if {"weekday", "time_of_day", "timezone"} & set(changed):
        pending = scheduled_of(session, row.id)
        if pending is not None:
            pending.scheduled_at = next_time(row, clock.now())
            bump(session, pending)
            record(session, actor, "meeting.rescheduled", "meeting", pending.id,
                   {"scheduled_at": pending.scheduled_at})
    return row


def delete_series(session: Session, actor: Actor, *, series_id: str) -> MeetingSeries:
    """Stops the series (its past meetings and minutes stay) and cancels its scheduled instance."""
    row = get_series(session, actor, series_id, lock=True)
    gate(session, actor, "series.delete", {"series_id": row.id})
    if not row.active:
        return row
    row.active = False
    pending = scheduled_of(session, row.id)
    if pending is not None:
        pending.state = "cancelled"
        bump(session, pending)
    record(session, actor, "meeting_series.deleted", "meeting_series", row.id,
           {"cancelled_meeting_id": pending.id if pending else None})
    return row


def list_series(session: Session, actor: Actor) -> list[MeetingSeries]:
    return list(session.execute(select(MeetingSeries).where(MeetingSeries.org_id == actor.org_id,
                                                            MeetingSeries.active.is_(True))
                                .order_by(MeetingSeries.team, MeetingSeries.id)).scalars())


def scheduled_of(session: Session, series_id: str) -> Meeting | None:
    return session.execute(select(Meeting).where(Meeting.series_id == series_id, Meeting.state == "scheduled")
                           .order_by(Meeting.scheduled_at).limit(1)).scalar_one_or_none()


def next_time(series: MeetingSeries, after: datetime) -> datetime:
    return recurrence.next_occurrence(after, series.weekday, recurrence.parse_time("time_of_day", series.time_of_day),
                                      series.timezone)


def schedule_next(session: Session, actor: Actor, series: MeetingSeries,
                  after: datetime | None = None) -> Meeting | None:
    """The series' scheduled instance: the existing one, or a new one at the next occurrence after
    max(`after`, now). Called by creating the series and by ending a meeting (inside their gate)."""
    if not series.active:
        return None
    existing = scheduled_of(session, series.id)
    if existing is not None:
        return existing
    now = clock.now()
    at = next_time(series, max(after or now, now))
    meeting = Meeting(id=new_id("mtg"), org_id=series.org_id, series_id=series.id, scheduled_at=at,
                      state="scheduled", version=1)
    session.add(meeting)
    session.flush()
    record(session, actor, "meeting.scheduled", "meeting", meeting.id,
           {"series_id": series.id, "scheduled_at": at})
    return meeting
