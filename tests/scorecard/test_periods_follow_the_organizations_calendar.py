"""A period is named by its start date, in the organization's timezone and week start."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from otp.core import clock
from otp.scorecard.periods import period_of, window
from tests.helpers import OrgKit
from tests.scorecard import kit

# Sunday 23:30 in Los Angeles is already Monday 07:30 in UTC.
SUNDAY_NIGHT_LA = datetime(2026, 1, 12, 7, 30, tzinfo=timezone.utc)


@pytest.fixture
def la(db, client) -> OrgKit:
    return OrgKit.create(db, client, timezone="America/Los_Angeles", week_start=0)


def test_sunday_night_in_los_angeles_is_still_the_previous_week(la):
    m = kit.create(la)
    assert kit.report(la, m, 5, SUNDAY_NIGHT_LA)["period"] == date(2026, 1, 5)


def test_the_same_moment_in_utc_falls_in_the_next_week(org):
    m = kit.create(org)
    assert kit.report(org, m, 5, SUNDAY_NIGHT_LA)["period"] == date(2026, 1, 12)


def test_the_default_period_is_now_in_the_organizations_calendar(la):
    m = kit.create(la)
    clock.freeze(SUNDAY_NIGHT_LA)
    assert kit.report(la, m, 5)["period"] == date(2026, 1, 5)


def test_a_sunday_week_start_begins_the_week_on_sunday(db, client):
    sunday_org = OrgKit.create(db, client, timezone="America/Los_Angeles", week_start=6)
    m = kit.create(sunday_org)
    assert kit.report(sunday_org, m, 5, SUNDAY_NIGHT_LA)["period"] == date(2026, 1, 11)


def test_a_monthly_measurable_keeps_the_last_evening_of_the_month_in_that_month(la):
    m = kit.create(la, cadence="monthly")
    feb_1_utc = datetime(2026, 2, 1, 7, 30, tzinfo=timezone.utc)  # Jan 31, 23:30 in Los Angeles
    assert kit.report(la, m, 5, feb_1_utc)["period"] == date(2026, 1, 1)


@pytest.mark.parametrize("moment", [date(2026, 1, 8), "2026-01-11", "2026-01-11T23:59:59", "2026-01-05T00:00:00-08:00"])
def test_any_day_or_time_in_the_week_maps_to_its_monday(moment):
    assert period_of(moment, "weekly", "America/Los_Angeles", 0) == date(2026, 1, 5)


def test_windows_end_with_the_current_period_and_cross_year_ends():
    assert window(date(2026, 2, 1), "monthly", 3) == [date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]
    assert window(date(2026, 1, 5), "weekly", 2) == [date(2025, 12, 29), date(2026, 1, 5)]
