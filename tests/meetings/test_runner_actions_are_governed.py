"""Runner actions pass the governance gate as meeting.run: an agent below level 4 is held for
approval and nothing changes; a held action names the runner action it would replay."""
from __future__ import annotations

from otp.governance.models import ApprovalRequest
from tests.meetings.kit import room


def test_a_level_3_agent_asking_to_start_the_meeting_is_held_and_nothing_changes(org):
    r = room(org)
    helper = r.org.agent("Helper", level=3)
    r.org.seat("Helper seat", parent=r.lead["id"], holder=helper)
    response = r.org.post(r.path("/start"), token=r.org.token_for(agent=helper))
    assert response.status_code == 202, response.text
    assert r.get()["state"] == "scheduled"
    with r.org.db.read() as s:
        held = s.get(ApprovalRequest, response.json()["error"]["approval_id"])
        assert held.action == "meeting.run"
        assert held.payload == {"op": "start", "args": {"meeting_id": r.meeting_id}}


def test_approving_the_held_start_starts_the_meeting_as_the_agent(org):
    from otp.auth.tokens import person_actor
    from otp.governance.approvals import decide_request
    r = room(org)
    helper = r.org.agent("Helper", level=3)
    r.org.seat("Helper seat", parent=r.lead["id"], holder=helper)
    approval_id = r.org.post(r.path("/start"), token=r.org.token_for(agent=helper)).json()["error"]["approval_id"]
    with r.org.db.write() as s:
        decide_request(s, person_actor(s, r.org.owner_id, r.org.org_id), approval_id=approval_id, approve=True)
    assert r.get()["state"] == "running"
    assert r.org.events("meeting.started")[0].actor_id == helper["id"]
