"""Per-agent limits on issues, escalations and approval requests per hour and per day: the
excess is refused (429) naming the limit and when it resets. Repeated raises between the same
two agents' seats about the same thing are collapsed; past the threshold both agents are paused
by the loop guard and their human gets one escalation naming the pair. A healthy agent in the
same organization is never stopped."""
from datetime import datetime, timedelta, timezone

from otp.core import clock
from tests.agentface.kit import call
from tests.governance_runtime.kit import agent_row, approvals, chart, declare, escalations, incidents

NOON = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)


def _limits(org, **limits):
    org.ok("PATCH", f"/api/v1/organizations/{org.org_id}", {"settings": {"agent_rate_limits": limits}})


def test_an_agent_over_its_issue_limit_is_refused_naming_the_limit_and_the_reset(org):
    clock.freeze(NOON)
    c = chart(org, level=3)
    _limits(org, issues_per_hour=3)
    healthy = org.token_for(agent=org.agent("Healthy", level=3))
    for i in range(2):
        org.ok("POST", "/api/v1/issues", {"title": f"Supplier late {i}", "owner_seat_id": c.worker["id"]},
               token=c.agent_token, status=201)
    assert call(org, c.agent_token, "raise_issue", title="Supplier late 2")["status"] == "done"
    before = org.event_count()
    r = org.post("/api/v1/issues", {"title": "Supplier late 3", "owner_seat_id": c.worker["id"]}, token=c.agent_token)
    assert r.status_code == 429 and r.json()["error"]["field"] == "issues"
    assert "3 issues per hour" in r.json()["error"]["message"] and "2026-03-02 13:00:00 UTC" in r.json()["error"]["message"]
    answer = call(org, c.agent_token, "raise_issue", title="Supplier late 4")
    assert answer["is_error"] and answer["error"]["code"] == "rate_limited"
    assert org.event_count() == before
    org.ok("POST", "/api/v1/issues", {"title": "Mine", "owner_seat_id": c.lead["id"]}, token=healthy, status=201)
    clock.freeze(NOON + timedelta(minutes=61))
    org.ok("POST", "/api/v1/issues", {"title": "Supplier late 5", "owner_seat_id": c.worker["id"]},
           token=c.agent_token, status=201)


def test_escalations_and_approval_requests_are_limited_too(org, db):
    clock.freeze(NOON)
    c = chart(org, level=1)
    _limits(org, escalations_per_day=2, approvals_per_hour=2)
    for i in range(2):
        assert call(org, c.agent_token, "escalate", reason=f"Blocked {i}")["status"] == "done"
    answer = call(org, c.agent_token, "escalate", reason="Blocked again")
    assert answer["is_error"] and "2 escalations per day" in answer["text"]
    assert declare(org, c.agent_token, amount_cents=100).status_code == 202
    assert declare(org, c.agent_token, amount_cents=200).status_code == 202
    assert declare(org, c.agent_token, amount_cents=100).status_code == 202  # the same request again: no new one
    r = declare(org, c.agent_token, amount_cents=300)
    assert r.status_code == 429 and "2 approvals per hour" in r.json()["error"]["message"]
    assert len(approvals(db, org.org_id)) == 2 and len(escalations(db, org.org_id)) == 2


def test_bad_limits_are_refused_naming_the_setting(org):
    chart(org)
    for settings, field in [({"agent_rate_limits": {"issues_per_hour": -1}}, "settings.agent_rate_limits.issues_per_hour"),
                            ({"agent_rate_limits": {"issues_per_week": 3}}, "settings.agent_rate_limits.issues_per_week"),
                            ({"ping_pong_window_hours": 0}, "settings.ping_pong_window_hours"),
                            ({"ping_pong_threshold": 1}, "settings.ping_pong_threshold")]:
        r = org.call("PATCH", f"/api/v1/organizations/{org.org_id}", {"settings": settings})
        assert r.status_code == 422 and r.json()["error"]["field"] == field, r.text


def test_ping_pong_between_two_agents_is_collapsed_then_both_are_paused_with_one_escalation(org, db):
    clock.freeze(NOON)
    c = chart(org, level=3)
    org.ok("PATCH", f"/api/v1/organizations/{org.org_id}", {"settings": {"ping_pong_threshold": 6}})
    other = org.agent("Echo", level=3)
    echo_seat = org.seat("Echo", parent=c.lead["id"], holder=other, kind="agent")
    echo = org.token_for(agent=other)
    healthy = org.agent("Healthy", level=3)
    org.seat("Healthy", parent=c.lead["id"], holder=healthy, kind="agent")
    healthy_token = org.token_for(agent=healthy)
    first = org.ok("POST", "/api/v1/issues", {"title": "Invoice export is broken", "owner_seat_id": echo_seat["id"]},
                   token=c.agent_token, status=201)
    r = org.post("/api/v1/issues", {"title": "The invoice export is broken", "owner_seat_id": c.worker["id"]},
                 token=echo)
    assert r.status_code == 409 and first["id"] in r.json()["error"]["message"]  # collapsed into the open one
    raises = [(echo, c.worker, "Customer list is stale"), (c.agent_token, echo_seat, "Payment run failed"),
              (echo, c.worker, "Calendar sync stopped")]
    for token, seat, title in raises:
        assert call(org, token, "raise_issue", title=title, owner_seat_id=seat["id"])["status"] == "done"
    call(org, healthy_token, "raise_issue", title="Need the new price list", owner_seat_id=c.worker["id"])
    answer = call(org, c.agent_token, "raise_issue", title="Reports are late", owner_seat_id=echo_seat["id"])
    assert answer["is_error"] and "ping-pong" in answer["text"]
    assert agent_row(db, c.agent["id"]).status == agent_row(db, other["id"]).status == "paused"
    assert [i.kind for i in incidents(db, other["id"])] == ["loop_guard"]
    pair = [e for e in escalations(db, org.org_id) if "ping-pong" in e.reason]
    assert len(pair) == 1 and "Worker and Echo" in pair[0].reason and pair[0].holder_person_id == c.member["id"]
    assert agent_row(db, healthy["id"]).status == "active" and incidents(db, healthy["id"]) == []
