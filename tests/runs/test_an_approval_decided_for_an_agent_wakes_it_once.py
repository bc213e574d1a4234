"""A decision on what the agent asked for reaches it as an inbox item, which wakes it: once."""
from tests.runs.kit import QUICK, crew, settle


def test_an_approval_decided_for_an_agent_wakes_it_once(org):
    c = crew(org, level=1)  # level 1: every write asks
    c.script(QUICK)
    token = org.token_for(agent=c.agent)
    asked = org.post("/api/v1/todos", {"title": "Chase invoice", "owner_seat_id": c.seat["id"]}, token=token)
    assert asked.status_code == 202
    assert c.step() == 0 and c.runs() == []  # asking woke nothing
    org.ok("POST", f"/api/v1/approvals/{asked.json()['error']['approval_id']}/approve")
    settle()
    assert c.step() == 1
    settle()
    c.step()
    [run] = c.finished()
    assert (run.reason, run.state, run.wake_count) == ("inbox:message", "succeeded", 1)
