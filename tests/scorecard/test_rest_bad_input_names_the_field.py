"""Bad input over REST gets a 4xx naming the field, and nothing changes."""
from __future__ import annotations

import pytest

from tests.scorecard import kit


def assert_refused(org, response, status: int, field: str, before: tuple):
    assert response.status_code == status, response.text
    assert response.json()["error"]["field"] == field and response.json()["error"]["message"]
    assert (org.event_count(), kit.entry_rows(org)) == before


def state(org):
    return org.event_count(), kit.entry_rows(org)


@pytest.mark.parametrize("body,status,field", [
    ({"target": 1}, 422, "title"),
    ({"title": "X", "target": "ten"}, 422, "target"),
    ({"title": "X", "target": True}, 422, "target"),
    ({"title": "X", "target": 1e300}, 422, "target"),
    ({"title": "X", "target": 1, "comparator": "=>"}, 422, "comparator"),
    ({"title": "X", "target": 1, "cadence": "daily"}, 422, "cadence"),
    ({"title": "X", "target": 1, "comparator": "between"}, 422, "target_max"),
    ({"title": "X", "target": 5, "comparator": "between", "target_max": 4}, 422, "target_max"),
    ({"title": "X", "target": 5, "target_max": 9}, 422, "target_max"),
    ({"title": "X", "target": 1, "key": "Has Spaces"}, 422, "key"),
    ({"title": "X", "target": 1, "colour": "red"}, 422, "colour"),
    ({"title": "X", "target": 1, "owner_seat_id": "seat_nope"}, 404, "owner_seat_id"),
])
def test_a_bad_measurable_is_refused_naming_the_field(org, body, status, field):
    body = {"owner_seat_id": kit.seat(org), **body}
    before = state(org)
    assert_refused(org, org.post("/api/v1/measurables", body), status, field, before)


def test_a_taken_key_is_refused(org):
    kit.measurable(org, "Leads", key="leads")
    before = state(org)
    response = org.post("/api/v1/measurables", {"title": "Other", "key": "leads", "owner_seat_id": kit.seat(org),
                                                "target": 1})
    assert_refused(org, response, 409, "key", before)


@pytest.mark.parametrize("body,field", [
    ({}, "value"), ({"value": "3"}, "value"), ({"value": None}, "value"), ({"value": 1, "period": "next week"}, "period"),
    ({"value": 1, "period": 20260105}, "period"), ({"value": 1, "source": "formula"}, "source"),
    ({"value": 1, "note": "x" * 2001}, "note"), ({"value": 1, "extra": 1}, "extra")])
def test_a_bad_report_is_refused_naming_the_field(org, body, field):
    m = kit.measurable(org)
    before = state(org)
    assert_refused(org, org.post(f"/api/v1/measurables/{m['id']}/entries", body), 422, field, before)


def test_reports_to_unknown_or_archived_measurables_are_refused(org):
    m = kit.measurable(org)
    org.ok("POST", f"/api/v1/measurables/{m['id']}/archive")
    before = state(org)
    assert_refused(org, org.post("/api/v1/measurables/msr_nope/entries", {"value": 1}), 404, "measurable_id", before)
    assert_refused(org, org.post(f"/api/v1/measurables/{m['id']}/entries", {"value": 1}), 409, "measurable_id",
                   before)


@pytest.mark.parametrize("body,status,field", [
    ({"key": "renamed"}, 422, "key"), ({"target": None}, 422, "target"), ({"comparator": "between"}, 422, "target_max"),
    ({"owner_seat_id": "seat_nope"}, 404, "owner_seat_id"), ({"archived": "yes"}, 422, "archived")])
def test_a_bad_change_is_refused_naming_the_field(org, body, status, field):
    m = kit.measurable(org)
    before = state(org)
    assert_refused(org, org.call("PATCH", f"/api/v1/measurables/{m['id']}", body), status, field, before)
    assert org.ok("GET", f"/api/v1/measurables/{m['id']}") == m


def test_cadence_cannot_change_once_values_exist(org):
    m = kit.measurable(org)
    kit.report(org, m, 1, kit.MONDAY)
    before = state(org)
    assert_refused(org, org.call("PATCH", f"/api/v1/measurables/{m['id']}", {"cadence": "monthly"}), 409, "cadence",
                   before)


@pytest.mark.parametrize("params,field", [
    ({"periods": 0}, "periods"), ({"periods": 105}, "periods"), ({"owner_seat_id": "seat_nope"}, "owner_seat_id"),
    ({"owner": "x"}, "owner")])
def test_bad_scorecard_queries_name_the_parameter(org, params, field):
    response = org.get("/api/v1/scorecard", params=params)
    assert response.status_code in (404, 422) and response.json()["error"]["field"] == field


def test_another_organizations_measurable_is_invisible(org, db, client):
    from tests.helpers import OrgKit
    other = OrgKit.create(db, client)
    theirs = kit.measurable(other)
    before = state(org)
    assert_refused(org, org.get(f"/api/v1/measurables/{theirs['id']}"), 404, "measurable_id", before)
    assert_refused(org, org.post(f"/api/v1/measurables/{theirs['id']}/entries", {"value": 1}), 404, "measurable_id",
                   before)
    assert_refused(org, org.post("/api/v1/measurables", {"title": "X", "target": 1, "owner_seat_id": kit.seat(other)}),
                   404, "owner_seat_id", before)
