"""The chart's rules: each bad change gets a clear 4xx naming the field, and nothing changes."""
from __future__ import annotations

import pytest

from tests.helpers import RESPS, OrgKit


def assert_refused(org: OrgKit, response, status: int, field: str, before_chart, before_events):
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["field"] == field
    assert error["message"]
    assert org.chart() == before_chart
    assert org.event_count() == before_events


def test_a_seat_under_its_own_descendant_is_refused_as_a_cycle(org):
    root = org.root()
    child = org.seat("COO", parent=root["id"])
    grandchild = org.seat("Ops", parent=child["id"])
    before, events = org.chart(), org.event_count()
    response = org.post(f"/api/v1/seats/{child['id']}/move", {"parent_id": grandchild["id"]})
    assert_refused(org, response, 409, "parent_id", before, events)
    assert "cycle" in response.json()["error"]["message"]


def test_a_seat_cannot_be_its_own_parent(org):
    root = org.root()
    child = org.seat("COO", parent=root["id"])
    before, events = org.chart(), org.event_count()
    response = org.call("PATCH", f"/api/v1/seats/{child['id']}", {"parent_id": child["id"]})
    assert_refused(org, response, 409, "parent_id", before, events)


def test_a_second_occupant_is_refused_while_the_seat_is_held(org):
    root = org.root()
    seat = org.seat("Sales", parent=root["id"], holder=org.person("Ann Able"))
    other = org.person("Bob Bold")
    before, events = org.chart(), org.event_count()
    response = org.call("PUT", f"/api/v1/seats/{seat['id']}/occupant", {"kind": "person", "id": other["id"]})
    assert_refused(org, response, 409, "occupant", before, events)


def test_replace_swaps_the_occupant_and_keeps_history(org):
    root = org.root()
    ann, bob = org.person("Ann Able"), org.person("Bob Bold")
    seat = org.seat("Sales", parent=root["id"], holder=ann)
    org.ok("PUT", f"/api/v1/seats/{seat['id']}/occupant", {"kind": "person", "id": bob["id"], "replace": True})
    history = org.ok("GET", f"/api/v1/seats/{seat['id']}/history")
    assert [h["occupant_id"] for h in history] == [ann["id"], bob["id"]]
    assert history[0]["ended_at"] is not None and history[1]["ended_at"] is None


def test_an_unknown_parent_is_refused(org):
    org.root()
    before, events = org.chart(), org.event_count()
    response = org.post("/api/v1/seats", {"title": "X", "responsibilities": RESPS, "parent_id": "seat_nope"})
    assert_refused(org, response, 404, "parent_id", before, events)


def test_another_organizations_seat_is_neither_visible_nor_usable_as_parent(org, db, client):
    other = OrgKit.create(db, client)
    foreign = other.root()
    org.root()
    before, events = org.chart(), org.event_count()
    response = org.post("/api/v1/seats", {"title": "X", "responsibilities": RESPS, "parent_id": foreign["id"]})
    assert_refused(org, response, 404, "parent_id", before, events)
    assert org.get(f"/api/v1/seats/{foreign['id']}").status_code == 404
    assert org.call("PATCH", f"/api/v1/seats/{foreign['id']}", {"title": "hijack"}).status_code == 404
    assert other.chart()[0]["title"] == "CEO"


def test_a_missing_title_is_refused(org):
    root = org.root()
    before, events = org.chart(), org.event_count()
    response = org.post("/api/v1/seats", {"responsibilities": RESPS, "parent_id": root["id"]})
    assert_refused(org, response, 422, "title", before, events)
    response = org.post("/api/v1/seats", {"title": "   ", "responsibilities": RESPS, "parent_id": root["id"]})
    assert_refused(org, response, 422, "title", before, events)


def test_a_sixth_responsibility_is_refused(org):
    root = org.root()
    before, events = org.chart(), org.event_count()
    six = [f"Duty {i}" for i in range(6)]
    response = org.post("/api/v1/seats", {"title": "Busy", "responsibilities": six, "parent_id": root["id"]})
    assert_refused(org, response, 422, "responsibilities", before, events)
    assert "at most 5" in response.json()["error"]["message"]
    response = org.call("PATCH", f"/api/v1/seats/{root['id']}", {"responsibilities": six})
    assert_refused(org, response, 422, "responsibilities", before, events)


@pytest.mark.parametrize("body,field", [
    ({"title": 5, "responsibilities": RESPS}, "title"),
    ({"title": "X", "responsibilities": "not a list"}, "responsibilities"),
    ({"title": "X", "responsibilities": RESPS, "colour": "red"}, "colour"),
])
def test_malformed_seat_bodies_name_the_field(org, body, field):
    root = org.root()
    before, events = org.chart(), org.event_count()
    response = org.post("/api/v1/seats", {**body, "parent_id": root["id"]})
    assert_refused(org, response, 422, field, before, events)


def test_a_second_root_is_refused(org):
    org.root()
    before, events = org.chart(), org.event_count()
    response = org.post("/api/v1/seats", {"title": "Rival CEO", "responsibilities": RESPS})
    assert_refused(org, response, 409, "parent_id", before, events)


def test_moving_a_seat_moves_its_whole_subtree(org):
    root = org.root()
    a = org.seat("A", parent=root["id"])
    b = org.seat("B", parent=root["id"])
    a1 = org.seat("A1", parent=a["id"])
    a11 = org.seat("A11", parent=a1["id"])
    org.ok("POST", f"/api/v1/seats/{a['id']}/move", {"parent_id": b["id"]})
    parents = {s["id"]: s["parent_id"] for s in org.chart()}
    assert parents[a["id"]] == b["id"]
    assert parents[a1["id"]] == a["id"] and parents[a11["id"]] == a1["id"]
    assert [e.payload for e in org.events("seat.moved")] == [{"from_parent_id": root["id"], "to_parent_id": b["id"]}]


def test_deleting_a_seat_with_children_needs_a_new_parent_for_them(org):
    root = org.root()
    mid = org.seat("Mid", parent=root["id"])
    leaf = org.seat("Leaf", parent=mid["id"])
    before, events = org.chart(), org.event_count()
    response = org.call("DELETE", f"/api/v1/seats/{mid['id']}")
    assert_refused(org, response, 409, "reparent_to", before, events)
    response = org.call("DELETE", f"/api/v1/seats/{mid['id']}", params={"reparent_to": leaf["id"]})
    assert_refused(org, response, 409, "reparent_to", before, events)
    org.ok("DELETE", f"/api/v1/seats/{mid['id']}", params={"reparent_to": root["id"]})
    assert {s["id"]: s["parent_id"] for s in org.chart()} == {root["id"]: None, leaf["id"]: root["id"]}


def test_deleting_the_root_promotes_the_named_direct_report(org):
    root = org.root()
    a = org.seat("A", parent=root["id"], holder=org.person("Ann Able"))
    b = org.seat("B", parent=root["id"])
    org.ok("DELETE", f"/api/v1/seats/{root['id']}", params={"reparent_to": a["id"]})
    assert {s["id"]: s["parent_id"] for s in org.chart()} == {a["id"]: None, b["id"]: a["id"]}


def test_an_agent_seat_needs_a_human_held_seat_above_it(org):
    root = org.seat("CEO")  # vacant root
    agent = org.agent("Robo")
    seat = org.seat("Analyst", parent=root["id"])
    before, events = org.chart(), org.event_count()
    response = org.call("PUT", f"/api/v1/seats/{seat['id']}/occupant", {"kind": "agent", "id": agent["id"]})
    assert_refused(org, response, 409, "occupant", before, events)
    org.ok("PUT", f"/api/v1/seats/{root['id']}/occupant", {"kind": "person", "id": org.owner_id})
    org.ok("PUT", f"/api/v1/seats/{seat['id']}/occupant", {"kind": "agent", "id": agent["id"]})


def test_vacating_the_only_human_above_an_agent_is_refused(org):
    root = org.root()
    org.seat("Analyst", parent=root["id"], holder=org.agent("Robo"))
    before, events = org.chart(), org.event_count()
    response = org.call("DELETE", f"/api/v1/seats/{root['id']}/occupant")
    assert_refused(org, response, 409, "occupant", before, events)


def test_moving_an_agent_seat_out_from_under_its_human_is_refused(org):
    root = org.seat("CEO")
    lead = org.seat("Lead", parent=root["id"], holder=org.person("Hu Man"))
    bot = org.seat("Bot", parent=lead["id"], holder=org.agent("Robo"))
    before, events = org.chart(), org.event_count()
    response = org.post(f"/api/v1/seats/{bot['id']}/move", {"parent_id": root["id"]})
    assert_refused(org, response, 409, "parent_id", before, events)


def test_the_human_above_rule_can_be_turned_off_by_the_organization(org):
    root = org.seat("CEO")
    org.ok("PATCH", f"/api/v1/organizations/{org.org_id}", {"settings": {"require_human_above_agents": False}})
    seat = org.seat("Bot", parent=root["id"], holder=org.agent("Robo"))
    assert seat["occupant"]["kind"] == "agent"


def test_vacancies_are_allowed_and_visible_in_the_chart(org):
    root = org.root()
    org.seat("Open role", parent=root["id"])
    seats = {s["title"]: s for s in org.chart()}
    assert seats["Open role"]["occupant"] is None
    assert seats["CEO"]["occupant"] == {"kind": "person", "id": org.owner_id, "name": "Olive Owner"}


def test_the_chart_lists_humans_and_agents_with_their_kind(org):
    root = org.root()
    bot = org.agent("Robo", level=4)
    org.seat("Bot", parent=root["id"], holder=bot)
    seats = org.chart()
    assert [s["title"] for s in seats] == ["CEO", "Bot"]
    assert seats[1]["occupant"]["kind"] == "agent" and seats[1]["occupant"]["level"] == 4
    assert set(seats[1]) == {"id", "title", "parent_id", "purpose", "responsibilities", "occupant"}


def test_every_successful_change_leaves_exactly_one_event(org):
    start = org.event_count()
    root = org.root()  # create + assign
    child = org.seat("Child", parent=root["id"])  # create
    org.call("PATCH", f"/api/v1/seats/{child['id']}", {"title": "Renamed"})  # update
    actions = [e.action for e in org.events()][start:]
    assert actions == ["seat.created", "seat.occupant_assigned", "seat.created", "seat.updated"]


def test_text_with_a_nul_character_is_refused_naming_the_field(org):
    root = org.root()
    before, events = org.chart(), org.event_count()
    response = org.post("/api/v1/seats", {"title": "Bad\u0000title", "responsibilities": RESPS, "parent_id": root["id"]})
    assert_refused(org, response, 422, "title", before, events)
    assert org.get("/api/v1/seats/seat%00x").status_code == 422
    assert org.get("/api/v1/events", params={"entity_id": "a\u0000b"}).status_code == 422
