"""Periods in the organization's calendar. A period is identified by its start date: for a
weekly measurable the organization's week start (0 = Monday) on or before the day; for a monthly
one the first of the month. "The day" is the local date in the organization's timezone, so
Sunday 23:30 in Los Angeles is still Sunday even though it is Monday in UTC.

Pure functions: no database, no clock (callers pass `now`).
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from otp.core.errors import Invalid


def local_date(moment: date | datetime | str, tz: str, field: str = "period") -> date:
    """The organization-local date of `moment`. A date is taken as already local; an aware
    datetime is converted; a naive datetime is read as local time; strings are ISO-8601."""
    if isinstance(moment, str):
        moment = _parse(moment, field)
    if isinstance(moment, datetime):
        if moment.tzinfo is None:
            return moment.date()
        return moment.astimezone(ZoneInfo(tz)).date()
    if isinstance(moment, date):
        return moment
    raise Invalid(f"{field} must be a date (YYYY-MM-DD) or an ISO-8601 time", field=field)


def _parse(text: str, field: str) -> date | datetime:
    text = text.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise Invalid(f"{field} must be a date (YYYY-MM-DD) or an ISO-8601 time, got {text!r}",
                      field=field) from None


def start_of(day: date, cadence: str, week_start: int = 0, field: str = "period") -> date:
    try:
        if cadence == "monthly":
            return day.replace(day=1)
        return day - timedelta(days=(day.weekday() - week_start) % 7)
    except OverflowError:  # the week of 0001-01-01 starts before the calendar does
        raise Invalid(f"{field} is too far in the past", field=field) from None


def period_of(moment, cadence: str, tz: str, week_start: int, field: str = "period") -> date:
    """The start date of the period containing `moment`."""
    return start_of(local_date(moment, tz, field), cadence, week_start, field)


def shift(start: date, cadence: str, n: int) -> date:
    """The period `n` periods after (negative: before) the one starting at `start`."""
    if cadence == "monthly":
        months = start.year * 12 + start.month - 1 + n
        return date(months // 12, months % 12 + 1, 1)
    return start + timedelta(weeks=n)


def window(current: date, cadence: str, count: int) -> list[date]:
    """The last `count` period starts, oldest first, ending with `current`."""
    return [shift(current, cadence, i - count + 1) for i in range(count)]
