"""The approvals inbox: one question, the recommended option, approve (the held action runs).
Notes and rejections: test_an_approvers_note_reaches_the_requester.py."""
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
        assert f'id="{approval}"' in page and "todo.create" in page and "recommended: approve" in page
        assert 'value="approve" class="ok recommended"' in page


def test_approving_runs_the_held_action(demo_db):
    with web(demo_db) as k:
        approval, approver = held_request(k, title="Re-check the brand guide")
        k.login(approver)
        assert k.post(f"/approvals/{approval}", {"decision": "approve"}).status_code == 303
        assert _state(k, approval) == "approved" and "Re-check the brand guide" in k.get("/todos").text
