"""Governance results become answers: allowed → done with the result; ask → the approval request
and who decides (nothing changed); deny → the rule and reason (and the refusal is recorded)."""
from sqlalchemy import select

from otp.governance.models import ApprovalRequest
from tests.agentface.kit import call, world


def test_an_allowed_action_is_done_and_leaves_its_event(org):
    w = world(org, level=2)
    w.measurable("calls")
    answer = call(org, w.token, "report_measurable", measurable="calls", value=12)
    assert answer["status"] == "done" and answer["result"]["value"] == 12 and answer["result"]["on_target"]
    event = org.events("measurable.reported")[-1]
    assert (event.actor_kind, event.actor_id) == ("agent", w.agent["id"])


def test_an_action_that_needs_approval_names_the_request_and_the_approver_and_changes_nothing(org):
    w = world(org, level=3)
    outcome = w.outcome()
    answer = call(org, w.token, "update_outcome", outcome_id=outcome["id"], status="on_track")
    assert answer["status"] == "approval_required"
    approval = answer["approval"]
    assert approval["approver"]["name"] == "Hana Human" and approval["rule"] == "matrix:L3:outcome.update_status"
    with org.db.read() as s:
        held = s.get(ApprovalRequest, approval["approval_id"])
        assert (held.action, held.payload["status"], held.state) == ("outcome.update_status", "on_track", "pending")
    assert org.ok("GET", f"/api/v1/outcomes/{outcome['id']}")["status"] == "not_started"
    assert not org.events("outcome.status_changed") and org.events("approval.requested")


def test_approving_the_held_action_runs_it_as_the_agent(org):
    w = world(org, level=3)
    outcome = w.outcome()
    approval_id = call(org, w.token, "update_outcome", outcome_id=outcome["id"], status="off_track",
                       note="blocked")["approval"]["approval_id"]
    hana = org.token_for(person=w.human)
    org.ok("POST", f"/api/v1/approvals/{approval_id}/approve", {}, token=hana)
    assert org.ok("GET", f"/api/v1/outcomes/{outcome['id']}")["status"] == "off_track"
    assert org.events("outcome.status_changed")[-1].actor_id == w.agent["id"]


def test_a_denied_action_names_the_rule_and_is_recorded(org):
    w = world(org, level=8)
    org.ok("PATCH", "/api/v1/governance/policy",
           {"hard_deny": [{"id": "no-prod", "actions": ["deploy"], "reason": "Only humans deploy"}]})
    answer = call(org, w.token, "request_approval", action="deploy", environment="prod", question="Ship v2?")
    assert answer["status"] == "denied"
    assert answer["denied"]["rule"] == "hard_deny:no-prod" and "Only humans deploy" in answer["denied"]["reason"]
    assert org.events("governance.denied")[-1].payload["rule"] == "hard_deny:no-prod"
    with org.db.read() as s:
        assert not s.execute(select(ApprovalRequest).where(ApprovalRequest.org_id == org.org_id)).first()


def test_asking_for_an_action_inside_otp_that_is_denied_is_recorded_without_an_incident(org):
    w = world(org, level=5)
    org.ok("PATCH", "/api/v1/governance/policy",
           {"hard_deny": [{"id": "no-outcomes", "actions": ["outcome.create"], "reason": "Humans set outcomes"}]})
    answer = call(org, w.token, "request_approval", action="outcome.create", question="May I add one?")
    assert answer["status"] == "denied" and answer["denied"]["rule"] == "hard_deny:no-outcomes"
    denied = org.events("governance.denied")[-1]
    assert (denied.actor_id, denied.payload["action"], denied.payload["asked"]) == (w.agent["id"], "outcome.create", True)
    assert org.ok("GET", f"/api/v1/agents/{w.agent['id']}")["level"] == 5  # asking is not attempting


def test_a_paused_agent_is_denied_every_write_but_still_reads(org):
    w = world(org, level=5)
    org.ok("POST", f"/api/v1/agents/{w.agent['id']}/pause", {"reason": "checking"})
    assert call(org, w.token, "create_todo", title="Anything")["denied"]["rule"] == "agent_paused"
    assert call(org, w.token, "briefing")["status"] == "done"
