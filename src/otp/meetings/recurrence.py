"""Weekly recurrence in local wall time. Pure functions: no database, no clock.

"Monday 09:00 America/New_York" is 13:00 UTC in summer and 14:00 UTC in winter; computing each
occurrence from the local wall time (never from a stored offset) keeps it at 09:00 local.
"""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from otp.core.errors import Invalid

TIME_RE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def parse_time(field: str, value) -> time:
    if not isinstance(value, str) or not TIME_RE.match(value):
        raise Invalid(f"{field} must be a 24-hour time like 09:00", field=field)
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def local_at(day: date, at: time, tz: str) -> datetime:
    """`day` at wall time `at` in `tz`, as UTC. A wall time skipped by a spring-forward gap
    resolves to the same instant zoneinfo gives (fold=0): e.g. 02:30 becomes 03:30 local."""
    local = datetime.combine(day, at, tzinfo=ZoneInfo(tz))
    return local.astimezone(timezone.utc)


def next_occurrence(after: datetime, weekday: int, at: time, tz: str) -> datetime:
    """The first occurrence strictly after `after` (aware), in UTC."""
    zone = ZoneInfo(tz)
    day = after.astimezone(zone).date()
    day += timedelta(days=(weekday - day.weekday()) % 7)
    while True:
        moment = local_at(day, at, tz)
        if moment > after:
            return moment
        day += timedelta(days=7)


def describe(weekday: int, at: str, tz: str) -> str:
    return f"Weekly on {WEEKDAYS[weekday]} at {at} ({tz})"
