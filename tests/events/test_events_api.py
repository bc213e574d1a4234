"""GET /api/v1/events pages through the organization's events with filters."""
from __future__ import annotations


def test_events_page_with_a_cursor_until_it_is_null(org):
    root = org.root()
    for i in range(5):
        org.seat(f"S{i}", parent=root["id"])
    seen, cursor = [], None
    while True:
        params = {"limit": 3} | ({"cursor": cursor} if cursor else {})
        page = org.ok("GET", "/api/v1/events", params=params)
        seen += [e["seq"] for e in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == list(range(1, org.event_count() + 1))


def test_events_filter_by_entity_action_actor_and_since(org):
    root = org.root()
    child = org.seat("Child", parent=root["id"])
    by_entity = org.ok("GET", "/api/v1/events", params={"entity_type": "seat", "entity_id": child["id"]})["items"]
    assert [e["action"] for e in by_entity] == ["seat.created"]
    family = org.ok("GET", "/api/v1/events", params={"action": "seat.*"})["items"]
    assert {e["action"] for e in family} == {"seat.created", "seat.occupant_assigned"}
    mine = org.ok("GET", "/api/v1/events", params={"actor_id": org.owner_id})["items"]
    assert mine and all(e["actor"]["id"] == org.owner_id for e in mine)
    last = family[-1]["occurred_at"]
    recent = org.ok("GET", "/api/v1/events", params={"since": last, "action": "seat.*"})["items"]
    assert [e["id"] for e in recent] == [family[-1]["id"]]


def test_bad_event_filters_get_a_4xx_naming_the_field(org):
    response = org.get("/api/v1/events", params={"limit": 0})
    assert response.status_code == 422 and response.json()["error"]["field"] == "limit"
    response = org.get("/api/v1/events", params={"since": "yesterday"})
    assert response.status_code == 422 and response.json()["error"]["field"] == "since"
    response = org.get("/api/v1/events", params={"since": "2026-01-01T00:00:00"})
    assert response.status_code == 422 and response.json()["error"]["field"] == "since"


def test_an_unknown_query_parameter_is_refused_rather_than_ignored(org):
    response = org.get("/api/v1/events", params={"entity": "seat"})
    assert response.status_code == 422 and response.json()["error"]["field"] == "entity"
