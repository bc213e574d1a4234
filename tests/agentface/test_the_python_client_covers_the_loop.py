"""otp.client over REST: the same loop for agents that do not speak MCP."""
import pytest

from otp.client import ApprovalPending, Denied, InvalidInput, NotFound, OTPClient, Unauthorized
from tests.agentface.kit import world


def client_for(org, token) -> OTPClient:
    return OTPClient("http://testserver", token, http=org.client)


def test_the_client_runs_the_loop_and_returns_approval_info_on_202(org):
    w = world(org, level=3)
    m = w.measurable("calls")
    outcome = w.outcome()
    otp = client_for(org, w.token)
    assert [x["id"] for x in otp.briefing()["measurables_to_report"]] == [m["id"]]
    assert otp.report_measurable(m["id"], 12)["on_target"] is True
    todo = otp.create_todo("Call Bob", w.seat["id"])
    assert otp.complete_todo(todo["id"])["done"] is True
    assert otp.raise_issue("Printer", w.seat["id"])["title"] == "Printer"
    assert otp.post_headline("Won a client", kind="customer")["kind"] == "customer"
    pending = otp.update_outcome(outcome["id"], "on_track")
    assert isinstance(pending, ApprovalPending) and pending.approver["name"] == "Hana Human" and pending.approval_id
    assert otp.check_permission("outcome.create", owner_seat_id=w.seat["id"])["effect"] == "ask"
    assert isinstance(otp.request_approval("external.spend", "Buy a domain", amount_cents=1200), ApprovalPending)
    assert otp.escalate("Blocked", needed="Access")["holder_person_id"] == w.human["id"]
    assert otp.capture_learning("Call on Mondays", "Suppliers plan the week", what_failed="Called on Friday")["id"]
    assert otp.get_context(w.agent["id"]).startswith("# AGENTS.md")
    assert otp.get_context(w.agent["id"], "json")["agent"]["level"] == 3
    assert [i["kind"] for i in otp.read_inbox()] == []
    assert otp.heartbeat("done")["agent_id"] == w.agent["id"]


def test_4xx_raise_typed_errors_carrying_code_and_field(org):
    w = world(org, level=8)
    org.ok("PATCH", "/api/v1/governance/policy", {"hard_deny": [{"id": "no-prod", "actions": ["deploy"]}]})
    otp = client_for(org, w.token)
    with pytest.raises(NotFound) as missing:
        otp.complete_todo("todo_missing")
    assert (missing.value.status, missing.value.field) == (404, "todo_id")
    with pytest.raises(InvalidInput) as bad:
        otp.report_measurable(w.measurable()["id"], "many")
    assert bad.value.field == "value"
    with pytest.raises(Denied) as denied:
        otp.request_approval("deploy", "ship", environment="prod")
    assert denied.value.code == "governance_denied" and "no-prod" in denied.value.message
    with pytest.raises(Unauthorized):
        client_for(org, "otp_wrong").briefing()
