from otp.core import clock
from otp.governance.autonomy import propose_promotion
from tests.governance_runtime.kit import agent_row, approvals, chart, ledger, later


def test_a_person_promotes_and_demotes_and_each_change_is_a_ledger_row(org, db):
    c = chart(org, level=3)
    up = org.ok("POST", f"/api/v1/agents/{c.agent['id']}/promote", {"why": "Consistent weekly reports",
                                                                    "override": True, "reason": "Proven elsewhere"})
    assert (up["from_level"], up["to_level"]) == (3, 4) and up["signed_by"]["id"] == org.owner_id
    assert "criteria" in up["evidence"]
    org.ok("POST", f"/api/v1/agents/{c.agent['id']}/demote", {"why": "Missed two deadlines", "to_level": 2})
    assert agent_row(db, c.agent["id"]).level == 2
    rows = org.ok("GET", f"/api/v1/agents/{c.agent['id']}/ledger")
    assert [(r["from_level"], r["to_level"]) for r in rows] == [(3, 4), (4, 2)]
    assert len(org.events("agent.level_changed")) == 2


def test_the_agent_record_refuses_a_level_edit(org):
    c = chart(org)
    response = org.call("PATCH", f"/api/v1/agents/{c.agent['id']}", {"level": 8})
    assert response.status_code == 422


def test_an_agent_cannot_change_its_own_level(org, db):
    c = chart(org, level=8)
    response = org.post(f"/api/v1/agents/{c.agent['id']}/promote", {"why": "I earned it"}, token=c.agent_token)
    assert response.status_code == 403 and agent_row(db, c.agent["id"]).level == 8 and ledger(db, c.agent["id"]) == []


def test_a_promotion_to_the_current_level_or_out_of_range_is_refused(org):
    c = chart(org, level=8)
    response = org.post(f"/api/v1/agents/{c.agent['id']}/promote", {"why": "More"})
    assert response.status_code == 409 and response.json()["error"]["field"] == "to_level"


def test_the_platform_proposes_an_eligible_promotion_and_the_accountable_human_signs_it(org, db):
    c = chart(org, level=3)
    org.ok("PATCH", f"/api/v1/organizations/{org.org_id}",
           {"settings": {"promotion": {"min_days_at_level": 14, "min_completed_items": 0}}})
    eligibility = org.ok("GET", f"/api/v1/agents/{c.agent['id']}/eligibility")
    assert eligibility["eligible"] is False and eligibility["criteria"]["days_at_level"]["met"] is False
    later(24 * 15)
    with db.write() as s:
        request = propose_promotion(s, org.org_id, c.agent["id"])
        assert propose_promotion(s, org.org_id, c.agent["id"]) is None  # one open proposal at a time
    # the member on Lead may not sign level changes; the admin on COO may
    assert request.approver_person_id == c.admin["id"]
    org.ok("POST", f"/api/v1/approvals/{request.id}/approve", token=org.token_for(person=c.admin))
    assert agent_row(db, c.agent["id"]).level == 4
    [entry] = ledger(db, c.agent["id"])
    assert entry.signed_by_id == c.admin["id"] and entry.approval_id == request.id
    assert entry.evidence["eligible"] is True
    assert approvals(db, org.org_id)[0].state == "approved"
    clock.reset()
