"""Organization settings are a JSON document: a governance value that is not a sensible number
(text, a boolean, zero or negative hours) is refused when written through the API, and one
already stored (written before the checks, or by hand) is ignored for its default, never a 500."""
from datetime import timedelta

from otp.core import clock
from otp.org.models import Organization
from tests.governance_runtime.kit import approvals, chart, declare, escalations


MALFORMED = {"escalation_sla_hours": {"high": "soon", "low": 0}, "approval_sla_hours": -3,
             "loop_guard_heartbeats": True, "promotion": {"min_days_at_level": "two weeks"}}


def test_the_api_refuses_malformed_governance_settings(org):
    for key, value in MALFORMED.items():
        refused = org.call("PATCH", f"/api/v1/organizations/{org.org_id}", {"settings": {key: value}})
        assert refused.status_code == 422 and refused.json()["error"]["field"].startswith(f"settings.{key}")


def test_malformed_slas_already_stored_fall_back_to_the_defaults(org, db):
    c = chart(org)
    with db.write() as s:
        stored = s.get(Organization, org.org_id)
        stored.settings = {**(stored.settings or {}), **MALFORMED}
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
