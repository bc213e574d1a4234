"""Pausing an agent — by a person, by itself, or by a guard — withdraws the approval requests it
left open, with the reason, and tells each approver; resuming does not revive them. A healthy
agent's request in the same organization stays pending."""
from sqlalchemy import select

from otp.governance.models import ApprovalRequest
from tests.agentface.kit import call
from tests.governance_runtime.kit import chart, declare, give_open_work, inbox

OUTCOME = {"title": "Ship it", "definition_of_done": "Shipped"}


def _state(org, approval_id):
    with org.db.read() as s:
        r = s.get(ApprovalRequest, approval_id)
        return r.state, r.reason


def _two_agents(org):
    c = chart(org)
    healthy = org.agent("Healthy", level=1)
    seat = org.seat("Healthy", parent=c.lead["id"], holder=healthy, kind="agent")
    return c, healthy, seat, org.token_for(agent=healthy)


def test_a_person_pausing_an_agent_withdraws_its_requests_and_tells_the_approver(org):
    c, healthy, seat, healthy_token = _two_agents(org)
    rest = declare(org, c.agent_token).json()["error"]["approval_id"]
    mcp = call(org, c.agent_token, "request_approval", action="outcome.create", question="May I start a rock?",
               owner_seat_id=c.worker["id"])["approval"]["approval_id"]
    kept = declare(org, healthy_token).json()["error"]["approval_id"]
    org.ok("POST", f"/api/v1/agents/{c.agent['id']}/pause", {"reason": "Reviewing its spend"})
    for approval_id in (rest, mcp):
        state, reason = _state(org, approval_id)
        assert state == "expired" and "Reviewing its spend" in reason
        r = org.post(f"/api/v1/approvals/{approval_id}/approve", {}, token=org.token_for(person=c.member))
        assert r.status_code == 409
    told = [i for i in inbox(org.db, "person", c.member["id"], "message") if i.title.startswith("Withdrawn")]
    assert {i.link_id for i in told} == {rest, mcp}
    assert _state(org, kept)[0] == "pending"
    org.ok("POST", f"/api/v1/agents/{c.agent['id']}/resume", {"reason": "Fine"})
    assert _state(org, rest)[0] == _state(org, mcp)[0] == "expired"
    assert len(org.events("approval.withdrawn")) == 2


def test_an_agent_pausing_itself_withdraws_its_requests(org):
    c = chart(org)
    approval_id = declare(org, c.agent_token).json()["error"]["approval_id"]
    org.ok("POST", f"/api/v1/agents/{c.agent['id']}/pause", {"reason": "I am looping"}, token=c.agent_token)
    assert _state(org, approval_id) == ("expired", "withdrawn: Worker was paused (I am looping)")


def test_the_loop_guard_pausing_an_agent_withdraws_its_requests(org):
    c = chart(org)
    org.ok("PATCH", f"/api/v1/organizations/{org.org_id}", {"settings": {"loop_guard_heartbeats": 2}})
    give_open_work(org.db, org, c.worker["id"])
    approval_id = declare(org, c.agent_token).json()["error"]["approval_id"]
    for _ in range(3):
        call(org, c.agent_token, "heartbeat")
    state, reason = _state(org, approval_id)
    assert state == "expired" and "loop guard" in reason
    with org.db.read() as s:
        assert not s.execute(select(ApprovalRequest).where(ApprovalRequest.requester_id == c.agent["id"],
                                                           ApprovalRequest.state == "pending")).first()


def test_pausing_all_agents_withdraws_every_agents_requests_and_resuming_revives_none(org):
    c, healthy, seat, healthy_token = _two_agents(org)
    first = declare(org, c.agent_token).json()["error"]["approval_id"]
    second = declare(org, healthy_token).json()["error"]["approval_id"]
    org.ok("POST", "/api/v1/org/agents/pause", {"reason": "Incident review"})
    for approval_id in (first, second):
        state, reason = _state(org, approval_id)
        assert state == "expired" and "Incident review" in reason
    org.ok("POST", "/api/v1/org/agents/resume", {"reason": "Reviewed"})
    assert _state(org, first)[0] == _state(org, second)[0] == "expired"
