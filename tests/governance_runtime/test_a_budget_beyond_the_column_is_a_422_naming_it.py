"""Budgets are stored in a 32-bit column: a larger one is a 422 naming the field, on every database
(PostgreSQL would otherwise refuse it at write time), and nothing changes."""
from tests.governance_runtime.kit import agent_row, chart

TOO_BIG = 2**31


def test_a_budget_that_does_not_fit_is_refused_naming_the_field(org, db):
    c = chart(org)
    before = org.event_count()
    response = org.call("PUT", f"/api/v1/agents/{c.agent['id']}/budget", {"monthly_budget_cents": TOO_BIG})
    assert response.status_code == 422 and response.json()["error"]["field"] == "monthly_budget_cents"
    response = org.post("/api/v1/agents", {"name": "Big spender", "monthly_budget_cents": TOO_BIG})
    assert response.status_code == 422 and response.json()["error"]["field"] == "monthly_budget_cents"
    assert org.event_count() == before and agent_row(db, c.agent["id"]).monthly_budget_cents is None
    org.ok("PUT", f"/api/v1/agents/{c.agent['id']}/budget", {"monthly_budget_cents": TOO_BIG - 1})
