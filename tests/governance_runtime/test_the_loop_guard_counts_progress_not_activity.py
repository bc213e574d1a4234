"""Busy but idle: an agent that owns open work and only posts headlines, notes, issues and
escalations (over REST and MCP) is paused by the loop guard; an agent doing ordinary work — a
to-do done, a value for a missing period — in the same organization never is. What counts is one
declared list (otp.governance.progress)."""
from otp.governance import progress
from tests.agentface.kit import call
from tests.governance_runtime.kit import agent_row, chart, give_open_work, incidents


def test_the_declared_list_is_progress_on_owned_work_only():
    assert set(progress.PROGRESS) == {
        "outcome.status_changed", "outcome.milestone_added", "outcome.milestone_updated",
        "outcome.evidence_submitted", "measurable.reported", "todo.completed", "todo.verified",
        "issue.transitioned", "issue.solved", "meeting.prep_submitted"}
    for activity in ("headline.posted", "issue.raised", "escalation.raised", "approval.requested",
                     "agent.cost_reported", "governance.denied", "issue.updated", "external.declared"):
        assert not progress.counts(activity, {})
    assert progress.counts("measurable.reported", {"previous": None})
    assert not progress.counts("measurable.reported", {"previous": 12.0})  # rewriting a value
    assert progress.counts("issue.transitioned", {"from": "open", "to": "discussed"})
    assert not progress.counts("issue.transitioned", {"from": "discussed", "to": "open"})


def test_a_busy_but_idle_agent_is_paused_and_a_healthy_one_is_not(org, db):
    c = chart(org, level=6)
    org.ok("PATCH", f"/api/v1/organizations/{org.org_id}", {"settings": {"loop_guard_heartbeats": 3}})
    give_open_work(db, org, c.worker["id"])
    healthy = org.agent("Healthy", level=6)
    seat = org.seat("Healthy", parent=c.lead["id"], holder=healthy, kind="agent")
    healthy_token = org.token_for(agent=healthy)
    org.ok("POST", "/api/v1/measurables", {"title": "Calls", "key": "calls", "owner_seat_id": seat["id"],
                                           "target": 10}, status=201)
    for tick in range(4):
        # busy: a headline over REST, an issue and an escalation over MCP, then its heartbeat
        org.ok("POST", "/api/v1/headlines", {"text": f"Still on it {tick}", "kind": "other"}, token=c.agent_token,
               status=201)
        assert call(org, c.agent_token, "raise_issue", title=f"Thinking about it {tick}")["status"] in ("done", "denied")
        call(org, c.agent_token, "heartbeat", note="busy")
        # healthy: real work every tick, and its own open to-do stays open
        todo = call(org, healthy_token, "create_todo", title=f"Call customer {tick}")["result"]
        call(org, healthy_token, "complete_todo", todo_id=todo["id"])
        call(org, healthy_token, "create_todo", title=f"Follow up {tick}")
        assert call(org, healthy_token, "heartbeat", note="did work")["result"]["tripped"] is False
    assert agent_row(db, c.agent["id"]).status == "paused"
    assert [i.kind for i in incidents(db, c.agent["id"])] == ["loop_guard"]
    assert agent_row(db, healthy["id"]).status == "active" and incidents(db, healthy["id"]) == []
