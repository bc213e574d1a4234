"""Select several requests and approve or reject them with one note: each is one governed
decision in its own transaction, so one that is already decided (or not the decider's to answer)
is reported by id and the others go through."""
from __future__ import annotations

from otp.governance import approvals
from tests.web.decisions_kit import demo_spend, state
from tests.web.kit import held_request, web


def test_bulk_approve_with_one_already_decided_reports_it_and_decides_the_rest(demo_db):
    with web(demo_db) as k:
        ids = [held_request(k, title=f"Check page {n}")[0] for n in (1, 2, 3)]
        k.do(lambda s, a: approvals.decide_request(s, a, approval_id=ids[1], approve=True))
        response = k.post("/approvals/bulk", {"decision": "approve", "note": "All fine", "approval_ids": ids})
        assert response.status_code == 200 and "2 of 3 approved" in response.text
        assert f"{ids[1]}</code> — this request is already approved" in response.text
        assert [state(k, i) for i in ids] == ["approved"] * 3


def test_bulk_reports_each_request_that_is_not_the_deciders_to_answer(demo_db):
    with web(demo_db) as k:
        ids = [held_request(k)[0], demo_spend(k)]  # both routed to Sam
        k.login("jordan@example.com")
        response = k.post("/approvals/bulk", {"decision": "reject", "note": "Not now", "approval_ids": ids})
        assert "0 of 2 rejected" in response.text and response.text.count("routed to someone else") == 2
        assert [state(k, i) for i in ids] == ["pending", "pending"]


def test_bulk_reject_without_a_note_decides_nothing_and_names_note(demo_db):
    with web(demo_db) as k:
        ids = [held_request(k, title=f"Check page {n}")[0] for n in (1, 2)]
        response = k.post("/approvals/bulk", {"decision": "reject", "note": "", "approval_ids": ids})
        assert response.status_code == 422 and "note" in response.text
        assert [state(k, i) for i in ids] == ["pending", "pending"]


def test_nobody_decides_their_own_request_even_in_bulk(demo_db):
    with web(demo_db) as k:
        from otp.governance import grants
        seat = k.seat("Quality Reviewer")

        def ask(s, a):
            resource = {"owner_seat_id": seat}
            return approvals.open_request(s, a, "todo.create", None, resource,
                                          question=grants.question(s, a, "todo.create", resource, "May I?"))[0].id
        own = k.do(ask, email="jordan@example.com")
        k.login("jordan@example.com")
        single = k.post(f"/approvals/{own}", {"decision": "approve"})
        assert single.status_code == 403 and state(k, own) == "pending"
        response = k.post("/approvals/bulk", {"decision": "approve", "approval_ids": [own]})
        assert "0 of 1 approved" in response.text and "nobody approves their own request" in response.text
        assert state(k, own) == "pending"
