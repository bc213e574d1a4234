"""Every meeting endpoint answers bad input with a 4xx naming the field, and changes nothing."""
from __future__ import annotations

import pytest

from tests.meetings.kit import refused, room

SERIES = "/api/v1/meetings/series"
# method, path ({m} meeting, {s} series), body, status, field; "running" cases start the meeting first
CASES = [
    ("POST", SERIES, {"team": "", "weekday": 0, "time_of_day": "09:00", "attendee_seat_ids": ["{ceo}"]}, 422, "team"),
    ("POST", SERIES, {"team": "X", "weekday": 7, "time_of_day": "09:00", "attendee_seat_ids": ["{ceo}"]}, 422,
     "weekday"),
    ("POST", SERIES, {"team": "X", "weekday": 0, "time_of_day": "9am", "attendee_seat_ids": ["{ceo}"]}, 422,
     "time_of_day"),
    ("POST", SERIES, {"team": "X", "weekday": 0, "time_of_day": "09:00", "attendee_seat_ids": []}, 422,
     "attendee_seat_ids"),
    ("POST", SERIES, {"team": "X", "weekday": 0, "time_of_day": "09:00", "attendee_seat_ids": ["seat_nope"]}, 404,
     "attendee_seat_ids.0"),
    ("POST", SERIES, {"team": "X", "weekday": 0, "time_of_day": "09:00", "attendee_seat_ids": ["{ceo}"],
                      "timezone": "Mars/Olympus"}, 422, "timezone"),
    ("PATCH", SERIES + "/{s}", {"colour": "red"}, 422, "colour"),
    ("PATCH", SERIES + "/mser_nope", {"team": "Y"}, 404, "series_id"),
    ("POST", "/api/v1/meetings/{m}/prep", {"rocks": [{"outcome_id": "{rock}", "status": "off_track"}]}, 422,
     "rocks.0"),
    ("POST", "/api/v1/meetings/{m}/prep", {"measurables": [{"measurable_id": "msr_nope", "value": 1}]}, 404,
     "measurables.0.measurable_id"),
    ("POST", "/api/v1/meetings/{m}/prep", {"measurables": [{"measurable_id": "{measurable}", "value": "lots"}]}, 422,
     "measurables.0.value"),
    ("POST", "/api/v1/meetings/{m}/advance", {"from_segment": 0}, 409, "state"),
    ("POST", "/api/v1/meetings/{m}/advance", {}, 422, "from_segment"),
    ("POST", "/api/v1/meetings/mtg_nope/start", {}, 404, "meeting_id"),
    ("POST", "/api/v1/meetings/{m}/mark", {"entity_type": "measurable", "entity_id": "{measurable}",
                                           "status": "off_track"}, 409, "state"),
    ("running", "/api/v1/meetings/{m}/mark", {"entity_type": "rock", "entity_id": "{rock}", "status": "off_track"},
     422, "reason"),
    ("running", "/api/v1/meetings/{m}/mark", {"entity_type": "rock", "entity_id": "out_nope", "status": "on_track"},
     404, "entity_id"),
    ("running", "/api/v1/meetings/{m}/rate", {"seat_id": "{ceo}", "score": 11}, 422, "score"),
    ("running", "/api/v1/meetings/{m}/rate", {"seat_id": "seat_nope", "score": 5}, 404, "seat_id"),
    ("running", "/api/v1/meetings/{m}/top", {"issue_ids": []}, 422, "issue_ids"),
    ("running", "/api/v1/meetings/{m}/ids", {"issue_id": "{issue}", "solution": "x",
                                             "todos": [{"title": "t", "owner_seat_id": "seat_nope"}]}, 404,
     "todos.0.owner_seat_id"),
    ("running", "/api/v1/meetings/{m}/messages", {"text": "  "}, 422, "text"),
    ("GET", "/api/v1/meetings/{m}/minutes", None, 409, "meeting_id"),
    ("GET", "/api/v1/meetings", {"state": "lost"}, 422, "state"),
]


def _fill(value, names: dict):
    if isinstance(value, str):
        return value.format(**names) if "{" in value else value
    if isinstance(value, list):
        return [_fill(v, names) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, names) for k, v in value.items()}
    return value


@pytest.mark.parametrize("method, path, body, status, field", CASES)
def test_bad_input_is_refused(org, method, path, body, status, field):
    r = room(org)
    if method == "running":
        r.do("start")
        method = "POST"
    names = {"m": r.meeting_id, "s": r.series["id"], "ceo": r.ceo["id"], "rock": r.rock["id"],
             "measurable": r.measurable["id"], "issue": r.issue["id"]}
    before, meeting = r.org.event_count(), r.get()
    kw = {"params": body} if method == "GET" else {"json": _fill(body, names)}
    response = r.org.client.request(method, _fill(path, names), headers={"Authorization": f"Bearer {r.org.token}"},
                                    **kw)
    error = refused(r.org, response, status, response.json()["error"].get("field"), before)
    assert (error["field"] or "").startswith(field), error
    assert r.get()["version"] == meeting["version"]


def test_a_seat_that_is_not_at_the_table_cannot_prep(org):
    r = room(org)
    outsider = r.org.seat("Outsider", parent=r.ceo["id"], holder=r.org.agent("Stranger", level=8))
    token = r.org.token_for(agent={"id": outsider["occupant"]["id"]})
    before = r.org.event_count()
    response = r.org.post(r.path("/prep"), {"headlines": [{"kind": "other", "text": "hi"}]}, token=token)
    refused(r.org, response, 403, "meeting_id", before)
