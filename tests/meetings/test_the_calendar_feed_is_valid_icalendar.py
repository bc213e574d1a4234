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
