"""To-dos by owner: add, done, verified by someone else."""
from __future__ import annotations

from tests.web.kit import web


def _add(k, title: str = "Send the proposal", seat: str = "Integrator / COO", due: str = "") -> str:
    response = k.post("/todos", {"title": title, "owner_seat_id": k.seat(seat), "due": due})
    assert response.status_code == 303, response.text
    return response.headers["location"].split("#")[1]


def test_an_added_to_do_shows_under_its_owner_with_its_due_date(demo_db):
    with web(demo_db) as k:
        todo = _add(k, due="2031-05-02")
        page = k.get("/todos").text
        assert f'<li id="{todo}"' in page and "due Fri 2 May 2031" in page


def test_a_bad_due_date_is_refused_next_to_the_field(demo_db):
    with web(demo_db) as k:
        response = k.post("/todos", {"title": "x", "owner_seat_id": k.seat("Integrator / COO"), "due": "soon"})
        assert response.status_code == 422 and 'id="err-due_at"' in response.text


def test_done_then_verified_by_someone_else(demo_db):
    with web(demo_db) as k:
        todo = _add(k)
        before = k.events("todo.verified")
        assert k.post(f"/todos/{todo}/done").status_code == 303
        assert f'action="/todos/{todo}/verify"' in k.get("/todos").text  # the CEO did not own it
        assert k.post(f"/todos/{todo}/verify").status_code == 303
        assert k.events("todo.verified") == before + 1


def test_the_owner_cannot_verify_their_own_to_do(demo_db):
    with web(demo_db) as k:
        todo = _add(k, seat="Visionary / CEO")
        k.post(f"/todos/{todo}/done")
        response = k.post(f"/todos/{todo}/verify")
        assert response.status_code == 403 and "cannot verify their own" in response.text
