"""The stop switch over REST: while on, every agent write is denied with the rule stop_switch and
recorded; reads (briefing, context, inbox) still work; resuming restores exactly what was."""
from tests.stop_switch.kit import create_todo, org_row, pause_all, reads, resume_all, stoppable


def test_while_paused_an_agent_write_is_denied_naming_the_stop_switch_and_reads_still_work(org):
    w = stoppable(org)
    body = org.ok("POST", "/api/v1/org/agents/pause", {"reason": "Incident review"})
    assert body["paused"] and body["reason"] == "Incident review" and body["paused_by"] == org.owner_id
    refused = create_todo(w)
    assert refused.status_code == 403 and "rule stop_switch" in refused.json()["error"]["message"]
    assert org.events("governance.denied")[-1].payload["rule"] == "stop_switch"
    assert not org.events("todo.created")
    assert reads(w) == [200, 200, 200]


def test_resuming_all_agents_restores_their_writes_and_each_agents_own_status(org):
    w = stoppable(org)
    other = org.agent("Other", level=8)
    org.ok("POST", f"/api/v1/agents/{other['id']}/pause", {"reason": "its own pause"})
    pause_all(org)
    assert resume_all(org).status_code == 200
    assert create_todo(w).status_code == 201
    assert org_row(org).agents_paused_at is None
    assert org.ok("GET", f"/api/v1/agents/{other['id']}")["status"] == "paused"  # untouched by the switch
    assert [e.action for e in org.events() if e.action.startswith("organization.agents_")] == [
        "organization.agents_paused", "organization.agents_resumed"]


def test_the_switch_state_is_readable_by_everyone_in_the_organization(org):
    w = stoppable(org)
    pause_all(org, "Quarter close")
    state = org.ok("GET", "/api/v1/org/agents/stop-switch", token=w.token)
    assert state["paused"] and state["reason"] == "Quarter close" and state["budget"]["cap_cents"] is None
