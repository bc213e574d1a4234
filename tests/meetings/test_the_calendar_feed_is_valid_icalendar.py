"""The .ics feed parses as RFC 5545 (checked by a small parser here: no new dependency) and
expands to the meeting's real local time on both sides of a DST change."""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tests.meetings.kit import room

CONTENT_LINE = re.compile(r"^[A-Za-z0-9-]+(;[A-Za-z0-9-]+=[^;:]+)*:.*$")


def parse(raw: bytes) -> list[tuple[str, dict, str]]:
    """(name, params, value) per content line, after checking CRLF endings and 75-octet folds."""
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    physical = raw[:-2].split(b"\r\n")
    assert all(len(line) <= 75 for line in physical), "lines are folded at 75 octets"
    text = raw.decode("utf-8").replace("\r\n ", "")  # unfold
    out = []
    for line in text[:-2].split("\r\n"):
        assert CONTENT_LINE.match(line), line
        head, _, value = line.partition(":")
        name, *params = head.split(";")
        out.append((name.upper(), dict(p.split("=", 1) for p in params), value))
    return out


def components(lines) -> dict[str, list[dict]]:
    """BEGIN/END balanced; each component's properties (first value per name)."""
    stack, found = [], {}
    for name, params, value in lines:
        if name == "BEGIN":
            stack.append((value, {}))
        elif name == "END":
            kind, props = stack.pop()
            assert kind == value, f"END:{value} closes BEGIN:{kind}"
            found.setdefault(kind, []).append(props)
        else:
            stack[-1][1].setdefault(name, (params, value))
    assert not stack
    return found


def test_the_feed_is_a_valid_calendar_with_a_weekly_rule_in_the_series_timezone(org):
    r = room(org)
    response = r.org.get(f"/api/v1/meetings/series/{r.series['id']}/calendar.ics")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/calendar")
    found = components(parse(response.content))
    [cal], [event] = found["VCALENDAR"], found["VEVENT"]
    assert cal["VERSION"][1] == "2.0" and cal["PRODID"][1]
    for required in ("UID", "DTSTAMP", "DTSTART", "RRULE", "SUMMARY", "DESCRIPTION"):
        assert required in event, required
    assert re.match(r"^\d{8}T\d{6}Z$", event["DTSTAMP"][1])
    params, start = event["DTSTART"]
    assert params["TZID"] == "America/New_York" and start == "20260309T090000"
    assert event["RRULE"][1] == "FREQ=WEEKLY;BYDAY=MO"
    assert "IDS (60 min)" in event["DESCRIPTION"][1].replace("\\n", "\n")
    assert [z["TZID"][1] for z in found["VTIMEZONE"]] == ["America/New_York"]
    assert {"-0500", "-0400"} == {d["TZOFFSETTO"][1] for d in found["DAYLIGHT"] + found["STANDARD"]}


def test_occurrences_stay_at_nine_local_across_the_dst_change(org):
    r = room(org)
    zone = ZoneInfo("America/New_York")
    first = datetime(2026, 3, 9, 9, 0, tzinfo=zone)
    before = first - timedelta(days=7)  # 2 March: EST; 9 March: EDT
    assert before.utcoffset() != first.utcoffset()
    assert r.series["next_at"].startswith("2026-03-09T13:00")  # 09:00 EDT, not 14:00


def test_long_descriptions_fold_without_splitting_characters(org):
    r = room(org, team="Équipe de direction — " + "é" * 60)
    raw = r.org.get(f"/api/v1/meetings/series/{r.series['id']}/calendar.ics").content
    [event] = components(parse(raw))["VEVENT"]
    assert event["SUMMARY"][1].startswith("Équipe de direction — éé")


_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _onsets(observance: dict, until: int) -> list[datetime]:
    """Local onsets of one VTIMEZONE observance: its DTSTART and, for a yearly BYMONTH/BYDAY rule
    (the only kind the feed writes), each year's day up to `until`."""
    start = datetime.strptime(observance["DTSTART"][1], "%Y%m%dT%H%M%S")
    if "RRULE" not in observance:
        return [start]
    rule = dict(part.split("=") for part in observance["RRULE"][1].split(";"))
    assert rule["FREQ"] == "YEARLY" and "UNTIL" not in rule and "COUNT" not in rule
    nth, weekday = int(rule["BYDAY"][:-2]), _DAYS.index(rule["BYDAY"][-2:])
    out = []
    for year in range(start.year, until + 1):
        days = [datetime(year, int(rule["BYMONTH"]), d) for d in range(1, 32)
                if _valid(year, int(rule["BYMONTH"]), d) and datetime(year, int(rule["BYMONTH"]), d).weekday() == weekday]
        day = days[nth - 1] if nth > 0 else days[nth]
        out.append(day.replace(hour=start.hour, minute=start.minute))
    return out


def _valid(year: int, month: int, day: int) -> bool:
    try:
        datetime(year, month, day)
        return True
    except ValueError:
        return False


def _offset_at(found: dict, local: datetime) -> str:
    """What a calendar reading the VTIMEZONE takes as the UTC offset at this local time."""
    onsets = [(onset, o["TZOFFSETTO"][1]) for o in found.get("DAYLIGHT", []) + found.get("STANDARD", [])
              for onset in _onsets(o, local.year)]
    return max((o for o in onsets if o[0] <= local), key=lambda o: o[0])[1]


def test_the_timezone_gives_the_right_offset_five_years_out_and_beyond(org):
    r = room(org)
    found = components(parse(r.org.get(f"/api/v1/meetings/series/{r.series['id']}/calendar.ics").content))
    zone = ZoneInfo("America/New_York")
    for local in (datetime(2031, 7, 7, 9), datetime(2031, 12, 1, 9), datetime(2031, 3, 10, 9),
                  datetime(2031, 3, 3, 9), datetime(2045, 6, 5, 9), datetime(2080, 1, 1, 9)):
        expected = local.replace(tzinfo=zone).utcoffset().total_seconds() // 60
        sign = "-" if expected < 0 else "+"
        assert _offset_at(found, local) == f"{sign}{abs(int(expected)) // 60:02d}{abs(int(expected)) % 60:02d}", local


def test_a_zone_with_a_last_sunday_rule_is_right_years_out_too(org):
    r = room(org, timezone="Europe/Berlin")
    found = components(parse(r.org.get(f"/api/v1/meetings/series/{r.series['id']}/calendar.ics").content))
    assert _offset_at(found, datetime(2031, 3, 31, 9)) == "+0200"  # after the last Sunday of March 2031
    assert _offset_at(found, datetime(2031, 3, 28, 9)) == "+0100"
    assert _offset_at(found, datetime(2031, 10, 27, 9)) == "+0100"  # after the last Sunday of October


def test_a_zone_without_a_yearly_rule_lists_its_changes_for_decades():
    from otp.meetings.ics import vtimezone
    lines = vtimezone("Africa/Casablanca", 2025)  # Ramadan-dependent: no RRULE can say it
    starts = [int(line[8:12]) for line in lines if line.startswith("DTSTART:")]
    assert not any(line.startswith("RRULE") for line in lines) and max(starts) >= 2055
