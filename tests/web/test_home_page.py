"""The home page shows what needs the person logged in: approvals, escalations, to-dos, inbox."""
from __future__ import annotations

from otp.governance.escalations import raise_escalation
from tests.web.kit import held_request, web


def test_home_lists_the_approval_waiting_for_you_and_its_inbox_item(demo_db):
    with web(demo_db) as k:
        approval, approver = held_request(k)
        k.login(approver)
        page = k.get("/")
        assert page.status_code == 200
        assert f'href="/approvals#{approval}"' in page.text
        assert "Approval needed: todo.create" in page.text


def test_home_lists_the_escalations_you_hold(demo_db):
    with web(demo_db) as k:
        k.do(lambda s, a: raise_escalation(s, a, reason="Client threatens to leave", urgency="high"),
             email="priya@example.com")
        k.login("daniel@example.com")
        page = k.get("/").text
        assert "Client threatens to leave" in page and "Escalations you hold" in page


def test_home_lists_your_open_to_dos_and_marks_one_done(demo_db):
    with web(demo_db) as k:
        k.post("/todos", {"title": "Call the bank", "owner_seat_id": k.seat("Visionary / CEO")})
        page = k.get("/").text
        assert "Call the bank" in page
        todo = page.split('action="/todos/')[1].split("/done")[0]
        assert k.post(f"/todos/{todo}/done", headers={"referer": "http://testserver/"}).status_code == 303
        assert k.events("todo.completed") >= 1


def test_marking_an_inbox_item_read_takes_it_off_the_home_page(demo_db):
    with web(demo_db) as k:
        _, approver = held_request(k)
        k.login(approver)
        item = k.get("/").text.split('action="/inbox/')[1].split("/read")[0]
        assert k.post(f"/inbox/{item}/read").status_code == 303
        assert f'action="/inbox/{item}/read"' not in k.get("/").text


def test_the_home_page_needs_a_login(demo_db):
    with web(demo_db) as k:
        k.client.cookies.clear()
        assert k.get("/", follow_redirects=False).headers["location"] == "/login"
