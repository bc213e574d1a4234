from otp.governance.jobs import approval_deadlines
from otp.core import clock
from tests.governance_runtime.kit import approvals, chart, declare, inbox, later


def test_approving_runs_the_held_action_as_the_requester(org, db):
    c = chart(org)
    approval_id = declare(org, c.agent_token, amount_cents=700).json()["error"]["approval_id"]
    member_token = org.token_for(person=c.member)
    out = org.ok("POST", f"/api/v1/approvals/{approval_id}/approve", token=member_token)
    assert out["state"] == "approved" and out["decided_by"] == {"kind": "person", "id": c.member["id"]}
    [authorized] = org.events("external.authorized")
    assert authorized.actor_id == c.agent["id"] and authorized.payload["amount_cents"] == 700
    assert all(i.read_at is not None for i in inbox(db, "person", c.member["id"], "approval"))
    assert [i.kind for i in inbox(db, "agent", c.agent["id"])] == ["message"]


def test_approving_twice_does_nothing_the_second_time(org, db):
    c = chart(org)
    approval_id = declare(org, c.agent_token).json()["error"]["approval_id"]
    org.ok("POST", f"/api/v1/approvals/{approval_id}/approve")
    events = org.event_count()
    again = org.post(f"/api/v1/approvals/{approval_id}/approve")
    assert again.status_code == 409 and again.json()["error"]["field"] == "approval_id"
    assert org.event_count() == events and len(org.events("external.authorized")) == 1


def test_approving_after_expiry_does_nothing(org, db):
    c = chart(org)
    clock.freeze(clock.now())
    approval_id = declare(org, c.agent_token).json()["error"]["approval_id"]
    for _ in range(4):  # Lead → COO → CEO → expired at the top
        later(25)
        approval_deadlines(db, clock.now())
    assert approvals(db, org.org_id)[0].state == "expired"
    response = org.post(f"/api/v1/approvals/{approval_id}/approve")
    assert response.status_code == 409 and "expired" in response.json()["error"]["message"]
    assert org.events("external.authorized") == []


def test_rejecting_records_the_reason_and_needs_one(org, db):
    c = chart(org)
    approval_id = declare(org, c.agent_token).json()["error"]["approval_id"]
    missing = org.post(f"/api/v1/approvals/{approval_id}/reject", {})
    assert missing.status_code == 422 and missing.json()["error"]["field"] == "reason"
    out = org.ok("POST", f"/api/v1/approvals/{approval_id}/reject", {"reason": "Not this quarter"})
    assert out["state"] == "rejected" and out["reason"] == "Not this quarter"
    assert org.events("external.authorized") == []
    assert org.events("approval.rejected")[0].payload["reason"] == "Not this quarter"
