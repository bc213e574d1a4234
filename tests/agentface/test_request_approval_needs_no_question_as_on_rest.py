"""`question` is optional on request_approval, as `description` is on REST's declare: the approver
still reads exactly what a yes allows."""
from tests.agentface.kit import call, world


def test_an_approval_asked_without_a_question_says_what_a_yes_allows(org):
    w = world(org, level=3)
    answer = call(org, w.token, "request_approval", action="outcome.create", owner_seat_id=w.seat["id"])
    assert answer["status"] == "approval_required", answer
    approval = org.ok("GET", f"/api/v1/approvals/{answer['approval']['approval_id']}")
    assert approval["asked"].startswith("May I do outcome.create?") and w.seat["id"] in approval["asked"]
    assert "asks to create an outcome" in approval["question"] and "within 72 hours" in approval["question"]


def test_an_external_action_declared_without_a_question_is_held_like_on_rest(org):
    w = world(org, level=3)
    mcp = call(org, w.token, "request_approval", action="external.spend", amount_cents=500)
    rest = org.post("/api/v1/governance/declare", {"action": "external.spend", "amount_cents": 500}, token=w.token)
    assert mcp["status"] == "approval_required" and rest.status_code == 202, (mcp, rest.text)
