"""The meetings' worker jobs.

- The overrun safety net: a meeting still running N minutes (org setting meeting_overrun_minutes,
  default 60) past its planned end is ended by the platform, minutes and all.
- Missed meetings: a scheduled meeting whose whole slot passed without being started is marked
  missed and the series' next meeting is scheduled, so the series (and its prep requests) go on.
"""
from __future__ import annotations

from datetime import datetime

from otp.auth.actor import system_actor
from otp.core.jobs import periodic
from otp.meetings.ending import end_forgotten, forgotten
from otp.meetings.skipping import mark_missed, missed


@periodic("meetings.overrun")
def end_overrun(db, now: datetime) -> int:
    with db.read() as s:
        due = forgotten(s, now)
    ended = 0
    for org_id, meeting_id in due:  # one transaction each: one meeting's trouble stays its own
        with db.write() as s:
            ended += end_forgotten(s, system_actor(org_id), meeting_id)
    return ended


@periodic("meetings.missed")
def mark_missed_meetings(db, now: datetime) -> int:
    with db.read() as s:
        due = missed(s, now)
    marked = 0
    for org_id, meeting_id in due:  # one transaction each
        with db.write() as s:
            marked += mark_missed(s, system_actor(org_id), meeting_id, now)
    return marked
