"""Behind the inline check on every cost report, the worker sweeps budgets: a budget crossed
without a report (here: lowered straight in the database) is caught once, not every tick."""
from sqlalchemy import update

from otp.core import clock
from otp.governance.jobs import budget_checks
from otp.org.models import Agent
from tests.governance_runtime.kit import agent_row, chart, escalations, incidents, later


def test_the_sweep_pauses_and_escalates_once(org, db):
    c = chart(org, level=5)
    clock.freeze(clock.now())
    org.ok("PUT", f"/api/v1/agents/{c.agent['id']}/budget", {"monthly_budget_cents": 1000})
    org.ok("POST", "/api/v1/me/costs", {"cents": 600}, token=c.agent_token, status=201)
    with db.write() as s:
        s.execute(update(Agent).where(Agent.id == c.agent["id"]).values(monthly_budget_cents=500))
    budget_checks(db, clock.now())
    agent = agent_row(db, c.agent["id"])
    assert (agent.status, agent.level) == ("paused", 4)
    assert [i.kind for i in incidents(db, c.agent["id"])] == ["budget_breach"]
    assert len(escalations(db, org.org_id)) == 1
    org.ok("POST", f"/api/v1/agents/{c.agent['id']}/resume")
    later(2)
    budget_checks(db, clock.now())  # the same month's breach is not tripped twice
    assert agent_row(db, c.agent["id"]).status == "active" and len(incidents(db, c.agent["id"])) == 1
