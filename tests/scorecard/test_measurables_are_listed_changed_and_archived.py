"""Measurables over REST: create, get, list with filters and paging, change, archive."""
from __future__ import annotations

from tests.scorecard import kit


def test_a_created_measurable_reads_back_with_a_key_from_its_title(org):
    m = kit.measurable(org, "Qualified leads (new)", unit="leads", comparator="between", target=5, target_max=9)
    assert m["key"] == "qualified_leads_new" and m["cadence"] == "weekly" and m["target_max"] == 9
    assert org.ok("GET", f"/api/v1/measurables/{m['id']}") == m
    assert kit.measurable(org, "Qualified leads (new)")["key"] == "qualified_leads_new_2"


def test_the_list_filters_by_owner_and_cadence_and_pages(org):
    other = org.seat("Sales", parent=kit.seat(org))
    ids = [kit.measurable(org, f"M{i}")["id"] for i in range(3)]
    monthly = kit.measurable(org, "Revenue", cadence="monthly", owner_seat_id=other["id"])
    page = org.ok("GET", "/api/v1/measurables", params={"limit": 2})
    assert [m["id"] for m in page["items"]] == ids[:2]
    rest = org.ok("GET", "/api/v1/measurables", params={"limit": 2, "cursor": page["next_cursor"]})
    assert [m["id"] for m in rest["items"]] == [ids[2], monthly["id"]]
    assert [m["id"] for m in org.ok("GET", "/api/v1/measurables", params={"cadence": "monthly"})["items"]] == [
        monthly["id"]]
    assert [m["id"] for m in org.ok("GET", "/api/v1/measurables", params={"owner_seat_id": other["id"]})["items"]] == [
        monthly["id"]]


def test_a_change_is_one_event_naming_the_old_owner(org):
    m = kit.measurable(org)
    sales = org.seat("Sales", parent=kit.seat(org))
    changed = org.ok("PATCH", f"/api/v1/measurables/{m['id']}", {"owner_seat_id": sales["id"], "target": 12})
    assert changed["owner_seat_id"] == sales["id"] and changed["target"] == 12
    [event] = org.events("measurable.updated")
    assert event.payload == {"owner_seat_id": sales["id"], "target": 12, "from_owner_seat_id": kit.seat(org)}


def test_an_unchanged_patch_records_nothing(org):
    m = kit.measurable(org)
    before = org.event_count()
    org.ok("PATCH", f"/api/v1/measurables/{m['id']}", {"target": 10})
    assert org.event_count() == before


def test_archiving_moves_it_to_the_archived_list_and_it_can_be_restored(org):
    m = kit.measurable(org)
    assert org.ok("POST", f"/api/v1/measurables/{m['id']}/archive")["archived"] is True
    assert org.ok("GET", "/api/v1/measurables")["items"] == []
    assert [x["id"] for x in org.ok("GET", "/api/v1/measurables", params={"archived": True})["items"]] == [m["id"]]
    assert org.ok("PATCH", f"/api/v1/measurables/{m['id']}", {"archived": False})["archived"] is False
    assert [e.action for e in org.events()][-2:] == ["measurable.archived", "measurable.restored"]


def test_clearing_a_formula_makes_the_measurable_reportable_again(org):
    kit.measurable(org, "Leads", key="leads")
    double = kit.measurable(org, "Double", key="double", formula="leads * 2")
    org.ok("PATCH", f"/api/v1/measurables/{double['id']}", {"formula": None})
    org.ok("POST", f"/api/v1/measurables/{double['id']}/entries", {"value": 3}, status=201)
