from otp.core import clock
from tests.governance_runtime.kit import chart, declare, later


def test_a_persons_approval_inbox_lists_only_their_requests_soonest_deadline_first(org, db):
    c = chart(org)
    clock.freeze(clock.now())
    first = declare(org, c.agent_token, amount_cents=100).json()["error"]["approval_id"]
    later(1)
    org.ok("PATCH", f"/api/v1/organizations/{org.org_id}", {"settings": {"approval_sla_hours": 1}})
    second = declare(org, c.agent_token, amount_cents=200).json()["error"]["approval_id"]
    member = org.token_for(person=c.member)
    assert [a["id"] for a in org.ok("GET", "/api/v1/approvals", token=member)] == [second, first]
    assert org.ok("GET", "/api/v1/approvals", token=org.token_for(person=c.admin)) == []
    mine = org.ok("GET", "/api/v1/approvals", token=c.agent_token, params={"requested": "true"})
    assert {a["id"] for a in mine} == {first, second}
