"""The approvals inbox: one question, the recommended option, approve (the held action runs) or
reject with a reason; a governance ask from a web form says who it went to."""
from __future__ import annotations

from otp.governance.models import ApprovalRequest
from tests.web.kit import held_request, web


def _state(k, approval: str) -> str:
    with k.db.read() as s:
        return s.get(ApprovalRequest, approval).state


def test_the_approver_sees_the_question_and_the_recommended_option(demo_db):
    with web(demo_db) as k:
        approval, approver = held_request(k)
        k.login(approver)
        page = k.get("/approvals").text
        assert f'id="{approval}"' in page and "todo.create" in page and "Recommended: <strong>approve" in page


def test_approving_runs_the_held_action(demo_db):
    with web(demo_db) as k:
        approval, approver = held_request(k, title="Re-check the brand guide")
        k.login(approver)
        assert k.post(f"/approvals/{approval}", {"decision": "approve"}).status_code == 303
        assert _state(k, approval) == "approved" and "Re-check the brand guide" in k.get("/todos").text


def test_rejecting_without_a_reason_is_refused_next_to_the_field(demo_db):
    with web(demo_db) as k:
        approval, approver = held_request(k)
        k.login(approver)
        response = k.post(f"/approvals/{approval}", {"decision": "reject", "reason": ""})
        assert response.status_code == 422 and f'id="err-reason-{approval}"' in response.text
        assert _state(k, approval) == "pending"


def test_rejecting_with_a_reason(demo_db):
    with web(demo_db) as k:
        approval, approver = held_request(k)
        k.login(approver)
        k.post(f"/approvals/{approval}", {"decision": "reject", "reason": "Not this week"})
        assert _state(k, approval) == "rejected"
