"""Dates as people say them: "Today, 09:00", "Mon 14 Dec, 09:00", "Mon 14 Dec 2025, 09:00".

The year is written only when it is not this year, and today is called today, so a list of recent
work reads at a glance. "Today" is judged in the organization's time zone, the one the moment is
shown in: 23:30 UTC may already be tomorrow in Sydney. Pure functions; the page filters in
otp.web.pages pass the zone and the clock's now.
"""
from __future__ import annotations

from datetime import date, datetime, timezone, tzinfo


def human_day(day: date, today: date) -> str:
    """"Today", "Mon 14 Dec" this year, "Mon 14 Dec 2025" any other year."""
    if day == today:
        return "Today"
    # %-d (no leading zero) is glibc-only; build the day number by hand.
    text = f"{day:%a} {day.day} {day:%b}"
    return text if day.year == today.year else f"{text} {day.year}"


def human_moment(moment: datetime, zone: tzinfo, now: datetime) -> str:
    """A stored moment (UTC, or naive meaning UTC) as a day and a 24-hour time in `zone`."""
    local = as_utc(moment).astimezone(zone)
    return f"{human_day(local.date(), as_utc(now).astimezone(zone).date())}, {local:%H:%M}"


def full_moment(moment: datetime, zone: tzinfo) -> str:
    """The unambiguous form, zone named ("2026-01-15 09:00 EST"): for tooltips and exports."""
    return as_utc(moment).astimezone(zone).strftime("%Y-%m-%d %H:%M %Z")


def as_utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)
