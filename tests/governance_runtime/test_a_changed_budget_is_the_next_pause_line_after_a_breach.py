"""After a budget breach in the month, changing the budget makes the new budget the line that
pauses the agent — unless it is still paused waiting for a person, whose resume sets the line."""
from tests.governance_runtime.kit import agent_row, chart, inbox, incidents, mid_next_month, spend


def breached_and_resumed(org, c, budget=1000, spent=1010):
    org.ok("PUT", f"/api/v1/agents/{c.agent['id']}/budget", {"monthly_budget_cents": budget})
    spend(org, c, spent)
    org.ok("POST", f"/api/v1/agents/{c.agent['id']}/resume")


def set_budget(org, c, cents):
    org.ok("PUT", f"/api/v1/agents/{c.agent['id']}/budget", {"monthly_budget_cents": cents})


def test_a_raised_budget_warns_again_and_pauses_again_when_crossed(org, db):
    c = chart(org, level=5)
    mid_next_month()
    breached_and_resumed(org, c)
    set_budget(org, c, 5000)
    assert len(inbox(db, "person", c.member["id"], "warning")) == 0  # the first breach skipped the warning
    assert spend(org, c, 2990)["status"] == "warning"  # 4000 of 5000
    [warning] = inbox(db, "person", c.member["id"], "warning")
    assert "80%" in warning.title
    spend(org, c, 999)
    assert agent_row(db, c.agent["id"]).status == "active" and len(incidents(db, c.agent["id"])) == 1
    assert spend(org, c, 1)["status"] == "breached"
    assert agent_row(db, c.agent["id"]).status == "paused" and len(incidents(db, c.agent["id"])) == 2


def test_a_budget_lowered_below_what_a_resumed_agent_spent_pauses_it_at_once(org, db):
    c = chart(org, level=5)
    mid_next_month()
    breached_and_resumed(org, c)
    set_budget(org, c, 800)
    agent = agent_row(db, c.agent["id"])
    assert (agent.status, agent.level) == ("paused", 3) and len(incidents(db, c.agent["id"])) == 2


def test_a_budget_changed_while_the_agent_waits_for_a_person_trips_nothing_until_the_resume(org, db):
    c = chart(org, level=5)
    mid_next_month()
    set_budget(org, c, 1000)
    spend(org, c, 1010)
    set_budget(org, c, 900)  # lowered while paused: not a second breach
    set_budget(org, c, 3000)  # raised above the spend: the resume makes it the line
    assert len(incidents(db, c.agent["id"])) == 1
    org.ok("POST", f"/api/v1/agents/{c.agent['id']}/resume")
    spend(org, c, 1989)
    assert agent_row(db, c.agent["id"]).status == "active"
    spend(org, c, 1)
    assert agent_row(db, c.agent["id"]).status == "paused" and len(incidents(db, c.agent["id"])) == 2
