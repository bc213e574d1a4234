"""A person who resumes an agent paused by its budget acknowledges the overrun; the agent is
paused again when its month's spend reaches the next whole multiple of the budget."""
from datetime import timedelta

from otp.core import clock
from tests.governance_runtime.kit import (agent_events, agent_row, chart, escalations, incidents, mid_next_month,
                                          spend)


def resume(org, c):
    org.ok("POST", f"/api/v1/agents/{c.agent['id']}/resume", {"reason": "looked at it"})


def test_a_resumed_agent_is_paused_again_at_200_and_at_300_percent(org, db):
    c = chart(org, level=5)
    mid_next_month()
    org.ok("PUT", f"/api/v1/agents/{c.agent['id']}/budget", {"monthly_budget_cents": 1000})
    assert spend(org, c, 1010)["status"] == "breached"
    assert agent_row(db, c.agent["id"]).status == "paused"
    resume(org, c)
    assert spend(org, c, 980)["spent_cents"] == 1990
    assert (agent_row(db, c.agent["id"]).status, len(incidents(db, c.agent["id"]))) == ("active", 1)
    spend(org, c, 10)
    agent = agent_row(db, c.agent["id"])
    assert (agent.status, agent.level) == ("paused", 3)
    assert [i.detail["spent_cents"] for i in incidents(db, c.agent["id"])] == [1010, 2000]
    assert "200%" in escalations(db, org.org_id)[-1].reason and len(escalations(db, org.org_id)) == 2
    spend(org, c, 50)  # reported while paused: nothing more trips until a person resumes it
    assert len(incidents(db, c.agent["id"])) == 2
    resume(org, c)
    spend(org, c, 940)
    assert agent_row(db, c.agent["id"]).status == "active"
    spend(org, c, 10)
    assert agent_row(db, c.agent["id"]).status == "paused" and len(incidents(db, c.agent["id"])) == 3


def test_the_resume_records_the_acknowledged_overrun_in_its_one_event(org, db):
    c = chart(org, level=5)
    mid_next_month()
    org.ok("PUT", f"/api/v1/agents/{c.agent['id']}/budget", {"monthly_budget_cents": 1000})
    spend(org, c, 2500)  # more than two budgets in one report: the next line is 300%
    before = org.event_count()
    resume(org, c)
    assert org.event_count() == before + 1
    [resumed] = agent_events(db, c.agent["id"], "agent.resumed")
    assert resumed.payload == {"reason": "looked at it", "budget_pause_at_cents": 3000,
                               "budget_overrun_acknowledged": {"month": clock.now().strftime("%Y-%m"),
                                                               "spent_cents": 2500, "budget_cents": 1000}}
    spend(org, c, 499)
    assert agent_row(db, c.agent["id"]).status == "active"
    spend(org, c, 1)
    assert agent_row(db, c.agent["id"]).status == "paused"


def test_a_resume_without_a_budget_breach_acknowledges_nothing(org, db):
    c = chart(org, level=5)
    mid_next_month()
    org.ok("PUT", f"/api/v1/agents/{c.agent['id']}/budget", {"monthly_budget_cents": 1000})
    spend(org, c, 100)
    org.ok("POST", f"/api/v1/agents/{c.agent['id']}/pause")
    resume(org, c)
    assert agent_events(db, c.agent["id"], "agent.resumed")[0].payload == {"reason": "looked at it"}
    spend(org, c, 900)
    assert agent_row(db, c.agent["id"]).status == "paused" and len(incidents(db, c.agent["id"])) == 1


def test_a_new_month_pauses_at_the_budget_again_not_at_the_next_multiple(org, db):
    c = chart(org, level=5)
    start = mid_next_month()
    org.ok("PUT", f"/api/v1/agents/{c.agent['id']}/budget", {"monthly_budget_cents": 1000})
    spend(org, c, 1200)
    resume(org, c)
    clock.freeze(start + timedelta(days=30))  # a day in the month after
    assert spend(org, c, 999)["status"] == "warning"
    assert agent_row(db, c.agent["id"]).status == "active"
    assert spend(org, c, 1)["status"] == "breached"
    assert agent_row(db, c.agent["id"]).status == "paused" and len(incidents(db, c.agent["id"])) == 2
