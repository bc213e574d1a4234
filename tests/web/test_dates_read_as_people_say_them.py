"""Dates read as people say them: today is "Today", this year's days carry no year, other years do;
the day is judged in the organization's timezone, and the full form names the zone."""
from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from otp.web.human_dates import full_moment, human_day, human_moment

NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 12, 14, 15, 0, tzinfo=timezone.utc)  # Monday 14 December, 10:00 in New York


def test_a_moment_today_is_called_today_with_its_time():
    assert human_moment(datetime(2026, 12, 14, 14, 0, tzinfo=timezone.utc), NEW_YORK, NOW) == "Today, 09:00"


def test_a_moment_this_year_names_weekday_day_and_month_but_not_the_year():
    assert human_moment(datetime(2026, 3, 2, 14, 5, tzinfo=timezone.utc), NEW_YORK, NOW) == "Mon 2 Mar, 09:05"


def test_a_moment_in_another_year_names_the_year():
    assert human_moment(datetime(2025, 12, 14, 14, 0, tzinfo=timezone.utc), NEW_YORK, NOW) == "Sun 14 Dec 2025, 09:00"


def test_today_is_judged_in_the_organizations_timezone_not_utc():
    late_evening_in_new_york = datetime(2026, 12, 15, 3, 30, tzinfo=timezone.utc)  # 22:30 on the 14th there
    assert human_moment(late_evening_in_new_york, NEW_YORK, NOW) == "Today, 22:30"
    assert human_moment(late_evening_in_new_york, timezone.utc, NOW) == "Tue 15 Dec, 03:30"


def test_a_naive_moment_is_read_as_utc():
    assert human_moment(datetime(2026, 7, 4, 12, 0), timezone.utc, NOW) == "Sat 4 Jul, 12:00"


def test_days_without_a_time():
    today = date(2026, 12, 14)
    assert human_day(today, today) == "Today"
    assert human_day(date(2026, 5, 1), today) == "Fri 1 May"
    assert human_day(date(2031, 5, 2), today) == "Fri 2 May 2031"


def test_the_full_form_names_the_zone_for_tooltips():
    assert full_moment(datetime(2026, 1, 15, 14, 0, tzinfo=timezone.utc), NEW_YORK) == "2026-01-15 09:00 EST"
    assert full_moment(datetime(2026, 7, 15, 14, 0, tzinfo=timezone.utc), NEW_YORK) == "2026-07-15 10:00 EDT"
