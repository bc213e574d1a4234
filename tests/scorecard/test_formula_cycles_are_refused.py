"""No formula may read itself, directly or through other formulas: refused naming `formula`."""
from __future__ import annotations

from tests.scorecard import kit


def test_a_formula_that_reads_itself_is_refused(org):
    seat = kit.seat(org)
    before = org.event_count()
    response = org.post("/api/v1/measurables", {"title": "Loop", "key": "loop", "owner_seat_id": seat,
                                                "target": 1, "formula": "loop + 1"})
    assert response.status_code == 409 and response.json()["error"]["field"] == "formula"
    assert "cycle" in response.json()["error"]["message"] and org.event_count() == before


def test_a_cycle_through_a_chain_of_formulas_is_refused(org):
    a = kit.measurable(org, "A", key="a")
    kit.measurable(org, "B", key="b", formula="a * 2")
    kit.measurable(org, "C", key="c", formula="b + 1")
    before = org.event_count()
    response = org.call("PATCH", f"/api/v1/measurables/{a['id']}", {"formula": "c - 1"})
    assert response.status_code == 409 and response.json()["error"]["field"] == "formula"
    assert org.ok("GET", f"/api/v1/measurables/{a['id']}")["formula"] is None and org.event_count() == before


def test_a_diamond_is_not_a_cycle(org):
    kit.measurable(org, "A", key="a")
    kit.measurable(org, "B", key="b", formula="a * 2")
    d = kit.measurable(org, "D", key="d", formula="a + b")
    assert d["inputs"] == ["a", "b"]
