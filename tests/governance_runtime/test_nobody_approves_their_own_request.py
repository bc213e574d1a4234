from otp.core.errors import ApprovalRequired
from otp.governance import policy_edit
from otp.governance.external import declare
from tests.governance_runtime.kit import as_person, chart


def test_a_person_cannot_approve_their_own_request(org, db):
    c = chart(org)
    owner = as_person(db, org.owner_id, org.org_id)
    with db.write() as s:
        policy_edit.update_policy(s, owner, seat_overrides=[{"seat_id": c.lead["id"], "action": "external.spend",
                                                             "effect": "ask"}])
    member = as_person(db, c.member["id"], org.org_id)
    try:
        with db.write() as s:
            declare(s, member, action="external.spend", amount_cents=10)
        raise AssertionError("expected an ask")
    except ApprovalRequired as exc:
        approval_id = exc.approval_id
    token = org.token_for(person=c.member)
    response = org.post(f"/api/v1/approvals/{approval_id}/approve", token=token)
    assert response.status_code == 403 and "own request" in response.json()["error"]["message"]
    assert org.ok("GET", "/api/v1/approvals", token=token) == []  # not in their own inbox either


def test_an_agent_cannot_approve_its_own_request(org, db):
    c = chart(org)
    token = c.agent_token
    approval_id = org.post("/api/v1/governance/declare", {"action": "deploy"}, token=token).json()["error"]["approval_id"]
    response = org.post(f"/api/v1/approvals/{approval_id}/approve", token=token)
    assert response.status_code == 403


def test_a_team_lead_agent_above_the_requester_may_answer_within_its_authority(org, db):
    c = chart(org, level=1, lead_holder="agent")
    lead_agent = org.chart()[2]["occupant"]
    lead_token = org.token_for(agent={"id": lead_agent["id"]})
    spend = org.post("/api/v1/governance/declare", {"action": "external.spend", "amount_cents": 500},
                     token=c.agent_token).json()["error"]["approval_id"]
    # with no spend limit configured, spending is beyond the lead's own authority
    assert org.post(f"/api/v1/approvals/{spend}/approve", token=lead_token).status_code == 403
    org.ok("PATCH", "/api/v1/governance/policy", {"spend_limits": {"per_action": {"external.spend": 1000}}})
    assert org.post(f"/api/v1/approvals/{spend}/approve", token=lead_token).status_code == 200
    assert len(org.events("external.authorized")) == 1
