"""A 30-seat chart (people, agents, seats by title) imports in one confirmed transaction."""
from __future__ import annotations

from tests.imports.kit import counts, fixture, imported, preview


def test_the_preview_lists_every_seat_person_and_agent_and_writes_nothing(org):
    before = counts(org)
    body = preview(org, "chart", fixture("chart_30_seats.csv"))
    assert body["ok"], body["errors"]
    assert body["counts"]["seat"] == {"create": 30}
    assert body["counts"]["person"] == {"create": 20}
    assert body["counts"]["agent"] == {"create": 9}
    assert counts(org) == before


def test_confirming_builds_the_chart_with_one_event_per_created_thing(org):
    before = counts(org)
    imported(org, "chart", fixture("chart_30_seats.csv"))
    after = counts(org)
    assert after["seats"] == 30 and after["agents"] == 9 and after["members"] == before["members"] + 20
    chart = {s["title"]: s for s in org.chart()}
    assert chart["Content Writer"]["parent_id"] == chart["Content Lead"]["id"]
    assert len(org.events("seat.created")) == 30 and len(org.events("agent.created")) == 9
    assert len(org.events("person.added")) == 20 and len(org.events("seat.occupant_assigned")) == 29


def test_importing_the_same_file_again_changes_nothing(org):
    imported(org, "chart", fixture("chart_30_seats.csv"))
    before = counts(org)
    body = imported(org, "chart", fixture("chart_30_seats.csv"))
    assert set(body["counts"]["seat"]) == {"unchanged"} and "person" not in body["counts"]
    assert counts(org) == before
