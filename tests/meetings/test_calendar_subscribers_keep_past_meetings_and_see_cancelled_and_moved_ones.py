"""A calendar subscribed to a series keeps its past meetings: the weekly rule starts at the first
meeting, a cancelled meeting is an EXDATE plus a STATUS:CANCELLED event of its own, a meeting
held at another time than the rule now says is a RECURRENCE-ID override, and SEQUENCE rises with
each change of the series. Read back with `icalendar` and expanded with `recurring-ical-events`,
as calendar apps do, across the March daylight-saving change in New York."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

from otp.core import clock
from tests.meetings.kit import room

NEW_YORK = ZoneInfo("America/New_York")
MONDAY_23_FEB_9 = datetime(2026, 2, 23, 14, 0, tzinfo=timezone.utc)  # 09:00 EST


def feed(r) -> icalendar.Calendar:
    response = r.org.get(f"/api/v1/meetings/series/{r.series['id']}/calendar.ics")
    assert response.status_code == 200, response.text
    return icalendar.Calendar.from_ical(response.content)


def occurrences(cal, start: datetime, end: datetime) -> list[tuple[datetime, str]]:
    found = recurring_ical_events.of(cal).between(start, end)
    return sorted((e["DTSTART"].dt.astimezone(NEW_YORK).replace(tzinfo=None), str(e.get("STATUS", "")))
                  for e in found)


def hold_and_cancel_the_next(r) -> None:
    """Hold the meeting of Mon 2 Mar (EST), then cancel the one of Mon 9 Mar (EDT)."""
    clock.freeze(datetime(2026, 3, 2, 14, 0, tzinfo=timezone.utc))
    r.do("start")
    clock.advance(timedelta(minutes=90))
    r.do("end")
    following = r.org.ok("GET", f"/api/v1/meetings?series_id={r.series['id']}&state=scheduled")
    [nxt] = following
    r.org.ok("POST", f"/api/v1/meetings/{nxt['id']}/cancel", {"reason": "Offsite that week"})
    clock.freeze(datetime(2026, 3, 12, 12, 0, tzinfo=timezone.utc))


def test_the_past_meeting_stays_and_the_cancelled_one_shows_as_cancelled_across_dst(org):
    r = room(org, at=MONDAY_23_FEB_9)
    hold_and_cancel_the_next(r)
    cal = feed(r)
    seen = occurrences(cal, datetime(2026, 2, 25), datetime(2026, 3, 24))
    assert seen == [(datetime(2026, 3, 2, 9, 0), ""),
                    (datetime(2026, 3, 9, 9, 0), "CANCELLED"),
                    (datetime(2026, 3, 16, 9, 0), ""),
                    (datetime(2026, 3, 23, 9, 0), "")]
    [master] = [e for e in cal.walk("VEVENT") if "RRULE" in e]
    exdates = [d.dt for x in (master["EXDATE"] if isinstance(master["EXDATE"], list) else [master["EXDATE"]])
               for d in x.dts]
    assert [d.astimezone(NEW_YORK).replace(tzinfo=None) for d in exdates] == [datetime(2026, 3, 9, 9, 0)]
    [cancelled] = [e for e in cal.walk("VEVENT") if e.get("STATUS") == "CANCELLED"]
    assert "Offsite that week" in str(cancelled["DESCRIPTION"])


def test_moving_the_series_keeps_past_meetings_at_their_time_and_raises_the_sequence(org):
    r = room(org, at=MONDAY_23_FEB_9)
    hold_and_cancel_the_next(r)
    before = [e for e in feed(r).walk("VEVENT") if "RRULE" in e][0]["SEQUENCE"]
    r.org.ok("PATCH", f"/api/v1/meetings/series/{r.series['id']}", {"weekday": 2, "time_of_day": "10:30"})
    cal = feed(r)
    [master] = [e for e in cal.walk("VEVENT") if "RRULE" in e]
    assert master["SEQUENCE"] == before + 1
    seen = occurrences(cal, datetime(2026, 2, 25), datetime(2026, 3, 26))
    assert seen == [(datetime(2026, 3, 2, 9, 0), ""),  # held on the Monday, before the move
                    (datetime(2026, 3, 9, 9, 0), "CANCELLED"),
                    (datetime(2026, 3, 18, 10, 30), ""),  # Wednesdays from now on
                    (datetime(2026, 3, 25, 10, 30), "")]
    overrides = [e for e in cal.walk("VEVENT") if "RECURRENCE-ID" in e]
    assert [o["DTSTART"].dt.astimezone(NEW_YORK).replace(tzinfo=None) for o in overrides] == [datetime(2026, 3, 2, 9, 0)]
