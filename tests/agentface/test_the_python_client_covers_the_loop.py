"""otp.client over REST: the same loop for agents that do not speak MCP."""
import pytest

from otp.client import ApprovalPending, Denied, InvalidInput, NotFound, OTPClient, Unauthorized
from tests.agentface.kit import served, world


def client_for(org, token) -> OTPClient:
    return OTPClient("http://testserver", token, http=org.client)


def test_the_client_runs_the_loop_and_returns_approval_info_on_202(org):
    w = world(org, level=3)
    m = w.measurable("calls")
    outcome = w.outcome()
    otp = client_for(org, w.token)
    first = otp.briefing()
    assert [x["id"] for x in first["measurables_to_report"]] == [m["id"]]
    assert otp.briefing(since=first["now"])["since"] == first["now"]
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


def prep_for(otp: OTPClient, w) -> tuple[dict, dict]:
    """Prep for the agent's next meeting through the client: a number, a rock off track, a headline, an
    issue; then a prep naming a missing rock. Returns (answer, the NotFound error)."""
    calls, rock = w.measurable("calls"), w.outcome("Launch the newsletter", kind="rock")
    meeting_id = w.meeting()
    done = otp.submit_meeting_prep(meeting_id, measurables=[{"measurable_id": calls["id"], "value": 9}],
                                   rocks=[{"outcome_id": rock["id"], "status": "off_track", "reason": "Late"}],
                                   headlines=[{"kind": "employee", "text": "New hire starts"}],
                                   issues=[{"title": "Printer jams", "details": "Every Monday"}])
    with pytest.raises(InvalidInput) as malformed:
        otp.submit_meeting_prep(meeting_id, rocks=[{"outcome_id": rock["id"], "status": "off_track"}])
    assert malformed.value.field == "rocks.0.reason"
    with pytest.raises(NotFound) as bad:
        otp.submit_meeting_prep(meeting_id, rocks=[{"outcome_id": "out_missing", "status": "on_track"}])
    return done, bad.value


def check_prep(org, w, done: dict, bad: NotFound) -> None:
    assert done["seat_ids"] == [w.seat["id"]]
    assert [done[k][0]["result"] for k in ("measurables", "rocks", "headlines", "issues")] == ["done"] * 4
    assert bad.field == "rocks.0.outcome_id"
    assert len([e for e in org.events("meeting.prep_submitted") if e.actor_id == w.agent["id"]]) == 1
    prepared = {a["seat_id"]: a["prepared"] for a in org.ok("GET", f"/api/v1/meetings/{done['meeting_id']}")[
        "attendees"]}
    assert prepared[w.seat["id"]] is True


def test_the_client_submits_meeting_prep_and_a_bad_item_raises_naming_it_changing_nothing(org):
    w = world(org, level=5)
    done, bad = prep_for(client_for(org, w.token), w)
    check_prep(org, w, done, bad)


@pytest.mark.slow
def test_the_client_submits_meeting_prep_to_a_real_otp_serve(org, database_url, tmp_path):
    w = world(org, level=5)
    with served(database_url, tmp_path) as base, OTPClient(base, w.token) as otp:
        done, bad = prep_for(otp, w)
    check_prep(org, w, done, bad)


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
