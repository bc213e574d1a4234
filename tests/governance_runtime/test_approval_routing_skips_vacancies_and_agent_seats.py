from otp.core.errors import ApprovalRequired
from otp.governance import guards
from tests.governance_runtime.kit import approvals, as_agent, chart, declare


def test_a_vacant_seat_above_is_skipped(org, db):
    c = chart(org, lead_holder="vacant")
    body = declare(org, c.agent_token).json()["error"]
    assert body["approver"]["seat_id"] == c.coo["id"] and body["approver"]["person_id"] == c.admin["id"]


def test_an_agent_seat_above_is_skipped_even_at_level_8(org, db):
    c = chart(org, lead_holder="agent")
    body = declare(org, c.agent_token).json()["error"]
    assert body["approver"]["seat_id"] == c.coo["id"]


def test_a_human_without_the_authority_is_skipped(org, db):
    c = chart(org)
    other = org.agent("Other")
    actor = as_agent(db, c.agent["id"], scopes=frozenset({"read", "write", "admin"}))
    try:
        with db.write() as s:
            guards.set_budget(s, actor, agent_id=other["id"], monthly_budget_cents=100)
        raise AssertionError("expected an ask")
    except ApprovalRequired as exc:
        # the member on the Lead seat may not change budgets; the admin above may
        assert exc.approver["seat_id"] == c.coo["id"]
    assert approvals(db, org.org_id)[0].approver_person_id == c.admin["id"]
