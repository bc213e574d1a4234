"""A form whose action governance holds says who it was sent to; a denied one says why."""
from __future__ import annotations

from otp.governance.policy_edit import update_policy
from tests.web.kit import web


def _override(k, seat: str, action: str, effect: str) -> None:
    seat_id = k.seat(seat)
    k.do(lambda s, a: update_policy(s, a, seat_overrides=[
        {"id": "web-test", "seat_id": seat_id, "action": action, "effect": effect}]))


def test_an_ask_shows_sent_for_approval_to_the_approver(demo_db):
    with web(demo_db) as k:
        _override(k, "Head of Client Services", "todo.create", "ask")
        k.login("priya@example.com")
        before = k.events("todo.created")
        response = k.post("/todos", {"title": "Book the venue", "owner_seat_id": k.seat("Head of Client Services")})
        assert response.status_code == 303
        page = k.get("/todos").text
        assert 'class="flash held"' in page and "Sent for approval to" in page
        assert k.events("todo.created") == before


def test_a_deny_shows_its_reason_and_changes_nothing(demo_db):
    with web(demo_db) as k:
        _override(k, "Head of Client Services", "issue.raise", "deny")
        k.login("priya@example.com")
        before = k.events("issue.raised")
        response = k.post("/issues", {"title": "Blocked", "owner_seat_id": k.seat("Head of Client Services")})
        assert response.status_code == 403 and "rule" in response.text and 'role="alert"' in response.text
        assert k.events("issue.raised") == before


def test_a_form_without_its_csrf_token_is_refused_with_a_page(demo_db):
    with web(demo_db) as k:
        response = k.client.post("/todos", data={"title": "x", "owner_seat_id": k.seat("Integrator / COO")})
        assert response.status_code == 403 and "CSRF" in response.text and "<html" in response.text
