"""A formula measurable is recomputed in the same transaction as any change to its inputs,
through the whole chain of formulas that read it; nulls and division by zero give null."""
from __future__ import annotations

from tests.scorecard import kit


def test_a_report_recomputes_the_whole_chain(org):
    leads, calls = kit.create(org, "Leads", key="leads"), kit.create(org, "Calls", key="calls")
    rate = kit.create(org, "Rate", key="rate", formula="leads / calls * 100")
    score = kit.create(org, "Score", key="score", formula="(rate + leads) / 2")
    kit.report(org, leads, 10, kit.MONDAY)
    kit.report(org, calls, 40, kit.MONDAY)
    assert kit.value(org, rate, kit.MONDAY) == 25 and kit.value(org, score, kit.MONDAY) == 17.5
    kit.report(org, calls, 20, kit.MONDAY)
    assert kit.value(org, rate, kit.MONDAY) == 50 and kit.value(org, score, kit.MONDAY) == 30


def test_a_missing_input_gives_null_until_it_is_reported(org):
    leads, kit_calls = kit.create(org, "Leads", key="leads"), kit.create(org, "Calls", key="calls")
    rate = kit.create(org, "Rate", key="rate", formula="leads / calls")
    kit.report(org, leads, 10, kit.MONDAY)
    assert kit.value(org, rate, kit.MONDAY) is None
    kit.report(org, kit_calls, 0, kit.MONDAY)
    assert kit.value(org, rate, kit.MONDAY) is None  # division by zero
    kit.report(org, kit_calls, 5, kit.MONDAY)
    assert kit.value(org, rate, kit.MONDAY) == 2


def test_formula_values_are_sourced_formula_and_keep_their_history(org):
    leads = kit.create(org, "Leads", key="leads")
    double = kit.create(org, "Double", key="double", formula="leads * 2")
    kit.report(org, leads, 1, kit.MONDAY)
    kit.report(org, leads, 2, kit.MONDAY)
    history = org.ok("GET", f"/api/v1/measurables/{double.id}/entries/2026-01-05")
    assert [(h["value"], h["source"]) for h in history] == [(4, "formula"), (2, "formula")]


def test_a_new_formula_is_computed_for_every_period_its_inputs_have(org):
    leads = kit.create(org, "Leads", key="leads")
    kit.weeks(org, leads, [10, 20, 30])
    double = kit.create(org, "Double", key="double", formula="leads * 2")
    rows = org.ok("GET", f"/api/v1/measurables/{double.id}/entries")["items"]
    assert [r["value"] for r in rows] == [60, 40, 20]


def test_a_formula_measurable_cannot_be_reported_by_hand(org):
    kit.create(org, "Leads", key="leads")
    double = kit.create(org, "Double", key="double", formula="leads * 2")
    before = org.event_count()
    response = org.post(f"/api/v1/measurables/{double.id}/entries", {"value": 3})
    assert response.status_code == 409 and response.json()["error"]["field"] == "measurable_id"
    assert org.event_count() == before


def test_an_input_read_by_a_formula_cannot_be_archived(org):
    leads = kit.create(org, "Leads", key="leads")
    kit.create(org, "Double", key="double", formula="leads * 2")
    response = org.post(f"/api/v1/measurables/{leads.id}/archive")
    assert response.status_code == 409 and response.json()["error"]["field"] == "archived"
