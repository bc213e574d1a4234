"""otp.core.types.iso: the one text form of a time in every response — UTC, microseconds, 'Z' —
whatever zone the value arrives in."""
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from otp.core.types import iso


def test_a_utc_time_keeps_its_digits_and_gets_a_z():
    assert iso(datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)) == "2026-01-02T03:04:05.000000Z"


def test_a_time_in_another_zone_is_converted_to_utc():
    assert iso(datetime(2026, 7, 1, 9, 0, 0, 7, tzinfo=ZoneInfo("America/New_York"))) == "2026-07-01T13:00:00.000007Z"
    assert iso(datetime(2026, 7, 1, 1, 30, tzinfo=timezone(timedelta(hours=2)))) == "2026-06-30T23:30:00.000000Z"


def test_an_early_year_is_zero_padded_and_none_stays_none():
    assert iso(datetime(999, 1, 2, tzinfo=timezone.utc)) == "0999-01-02T00:00:00.000000Z"
    assert iso(None) is None
