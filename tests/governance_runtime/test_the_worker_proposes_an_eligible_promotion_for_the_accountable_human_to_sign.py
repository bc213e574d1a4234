"""The platform proposes: the worker finds an agent whose evidence meets every promotion
criterion and opens one approval request for the nearest human above with the authority to
sign level changes. Approving it is the signature; rejecting it stops the proposal from coming
back until the minimum time at the level has passed again."""
from otp.core import clock
from otp.governance.jobs import promotion_proposals
from tests.governance_runtime.kit import agent_row, approvals, chart, later, ledger


def propose(db, org) -> int:
    """Run the worker task; how many proposals this organization has in all (the database is shared)."""
    promotion_proposals(db, clock.now())
    return len([a for a in approvals(db, org.org_id) if a.action == "agent.level.change"])


def eligible_in_two_weeks(org) -> None:
    org.ok("PATCH", f"/api/v1/organizations/{org.org_id}",
           {"settings": {"promotion": {"min_days_at_level": 14, "min_completed_items": 0}}})
    clock.freeze(clock.now())


def test_the_worker_proposes_once_and_the_admin_above_signs_it(org, db):
    c = chart(org, level=3)
    eligible_in_two_weeks(org)
    assert propose(db, org) == 0  # 0 days at the level
    later(24 * 15)
    assert propose(db, org) == 1
    assert propose(db, org) == 1  # one open proposal at a time
    admin, member = org.token_for(person=c.admin), org.token_for(person=c.member)
    [proposal] = org.ok("GET", "/api/v1/approvals", token=admin)  # members cannot sign level changes
    assert proposal["action"] == "agent.level.change" and proposal["requester"]["kind"] == "system"
    assert org.ok("GET", "/api/v1/approvals", token=member) == []
    assert org.post(f"/api/v1/approvals/{proposal['id']}/approve", token=c.agent_token).status_code == 403
    org.ok("POST", f"/api/v1/approvals/{proposal['id']}/approve", token=admin)
    [entry] = ledger(db, c.agent["id"])
    assert (entry.from_level, entry.to_level, entry.signed_by_id, entry.approval_id) == (3, 4, c.admin["id"],
                                                                                          proposal["id"])
    assert propose(db, org) == 1  # a fresh level: the clock starts again


def proposed_after_two_weeks(org, db):
    """An L3 agent eligible after two weeks at its level, and the one proposal the worker opened
    for it once they passed."""
    c = chart(org, level=3)
    eligible_in_two_weeks(org)
    later(24 * 15)
    assert propose(db, org) == 1
    [proposal] = approvals(db, org.org_id)
    return c, proposal


def test_a_rejected_proposal_is_not_made_again_until_the_time_at_level_passes_again(org, db):
    c, proposal = proposed_after_two_weeks(org, db)
    org.ok("POST", f"/api/v1/approvals/{proposal.id}/reject", {"reason": "Not yet"})
    assert propose(db, org) == 1
    later(24 * 13)
    assert propose(db, org) == 1
    later(24 * 2)
    assert propose(db, org) == 2 and agent_row(db, c.agent["id"]).level == 3


def test_a_demotion_withdraws_the_open_proposal_so_approving_cannot_jump_levels(org, db):
    c, proposal = proposed_after_two_weeks(org, db)
    org.ok("POST", f"/api/v1/agents/{c.agent['id']}/demote", {"why": "Missed a deadline"})
    assert approvals(db, org.org_id)[0].state == "expired"
    response = org.post(f"/api/v1/approvals/{proposal.id}/approve")
    assert response.status_code == 409 and agent_row(db, c.agent["id"]).level == 2
