"""Organization settings are a free-form document: a governance value that is not a sensible
number (text, a boolean, zero or negative hours) is ignored for its default, never a 500."""
from datetime import timedelta

from otp.core import clock
from tests.governance_runtime.kit import approvals, chart, declare, escalations


def test_malformed_slas_fall_back_to_the_defaults(org, db):
    c = chart(org)
    org.ok("PATCH", f"/api/v1/organizations/{org.org_id}", {"settings": {
        "escalation_sla_hours": {"high": "soon", "low": 0}, "approval_sla_hours": -3,
        "loop_guard_heartbeats": True, "promotion": {"min_days_at_level": "two weeks"}}})
    clock.freeze(clock.now())
    org.ok("POST", "/api/v1/escalations", {"reason": "Blocked", "urgency": "high"}, token=c.agent_token, status=201)
    org.ok("POST", "/api/v1/escalations", {"reason": "Slow", "urgency": "low"}, token=c.agent_token, status=201)
    assert [e.respond_by - clock.now() for e in escalations(db, org.org_id)] == [timedelta(hours=4),
                                                                               timedelta(hours=72)]
    assert declare(org, c.agent_token).status_code == 202
    assert approvals(db, org.org_id)[0].deadline == clock.now() + timedelta(hours=24)
    assert org.ok("POST", "/api/v1/me/heartbeat", {}, token=c.agent_token)["limit"] == 10
    criteria = org.ok("GET", f"/api/v1/agents/{c.agent['id']}/eligibility")["criteria"]
    assert criteria["days_at_level"]["required"] == 14
