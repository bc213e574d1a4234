"""Formulas are parsed by a small grammar (never eval): a malformed one is refused naming `formula`."""
from __future__ import annotations

import pytest

from otp.core.errors import Invalid
from otp.scorecard import formula
from tests.scorecard import kit


@pytest.mark.parametrize("text", ["leads +", "(leads", "leads)", "leads ** 2", "__import__('os')", "leads; 1",
                                  "{leads", "{1}", "1e5", "lea ds", "-", "()", "x" * 501, "(" * 60 + "1" + ")" * 60])
def test_a_malformed_formula_is_refused_naming_the_field(text):
    with pytest.raises(Invalid) as refused:
        formula.parse(text)
    assert refused.value.field == "formula"


@pytest.mark.parametrize("text,expected", [
    ("1 + 2 * 3", 7), ("(1 + 2) * 3", 9), ("-2 - -3", 1), ("leads / {calls}", 0.25), ("10 / 4 / 5", 0.5),
    ("leads - calls - 1", -31), (".5 * 4", 2)])
def test_precedence_parentheses_and_both_key_styles(text, expected):
    assert formula.evaluate(formula.parse(text), {"leads": 10, "calls": 40}) == pytest.approx(expected)


def test_null_inputs_and_division_by_zero_give_null():
    assert formula.evaluate(formula.parse("leads + calls"), {"leads": 1, "calls": None}) is None
    assert formula.evaluate(formula.parse("leads / calls"), {"leads": 1, "calls": 0}) is None
    assert formula.evaluate(formula.parse("leads * 2"), {}) is None


def test_an_unknown_key_is_refused_over_rest_and_nothing_is_created(org):
    kit.measurable(org, "Leads", key="leads")
    before = org.event_count()
    response = org.post("/api/v1/measurables", {"title": "Rate", "owner_seat_id": kit.seat(org), "target": 1,
                                                "formula": "leads / calls"})
    assert response.status_code == 422 and response.json()["error"]["field"] == "formula"
    assert "calls" in response.json()["error"]["message"] and org.event_count() == before


def test_a_malformed_formula_is_refused_over_rest(org):
    kit.measurable(org, "Leads", key="leads")
    before = org.event_count()
    response = org.post("/api/v1/measurables", {"title": "Rate", "owner_seat_id": kit.seat(org), "target": 1,
                                                "formula": "leads * (2"})
    assert response.status_code == 422 and response.json()["error"]["field"] == "formula"
    assert org.event_count() == before


def test_inputs_must_share_the_formulas_cadence(org):
    kit.measurable(org, "Revenue", key="revenue", cadence="monthly")
    response = org.post("/api/v1/measurables", {"title": "Weekly revenue", "owner_seat_id": kit.seat(org),
                                                "target": 1, "formula": "revenue"})
    assert response.status_code == 422 and response.json()["error"]["field"] == "formula"
