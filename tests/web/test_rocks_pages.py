"""The rocks board and a rock's page: create, milestones, evidence, review by the reviewer."""
from __future__ import annotations

from tests.web.kit import web


def _rock(k, owner: str = "Integrator / COO") -> str:
    response = k.post("/rocks", {"title": "Open the Austin office", "definition_of_done": "Lease signed, team seated",
                                 "owner_seat_id": k.seat(owner)})
    assert response.status_code == 303
    return response.headers["location"].split("/")[-1]


def test_a_new_rock_shows_on_the_board_under_its_owner(demo_db):
    with web(demo_db) as k:
        rock = _rock(k)
        page = k.get("/rocks").text
        assert f'id="{rock}"' in page and "Open the Austin office" in page


def test_a_rock_without_a_title_is_refused_next_to_the_field(demo_db):
    with web(demo_db) as k:
        before = k.events()
        response = k.post("/rocks", {"title": "", "definition_of_done": "x", "owner_seat_id": k.seat("Integrator / COO")})
        assert response.status_code == 422 and 'id="err-title"' in response.text
        assert k.events() == before


def test_done_needs_evidence_and_says_so(demo_db):
    with web(demo_db) as k:
        rock = _rock(k)
        response = k.post(f"/rocks/{rock}/status", {"status": "done"})
        assert response.status_code == 409 and "attach at least one evidence item" in response.text


def test_the_reviewer_accepts_a_rock_with_evidence(demo_db):
    with web(demo_db) as k:
        rock = _rock(k)
        k.post(f"/rocks/{rock}/milestones", {"title": "Sign the lease"})
        k.post(f"/rocks/{rock}/evidence", {"kind": "link", "summary": "Lease", "url": "https://docs.example/lease"})
        k.post(f"/rocks/{rock}/status", {"status": "done"})
        assert "Accept — it is done" in k.get("/rocks").text  # the owner (CEO) reviews the COO's rock
        assert k.post(f"/rocks/{rock}/review", {"decision": "accept"}).status_code == 303
        assert 'class="status s-done"' in k.get(f"/rocks/{rock}").text


def test_rejecting_needs_a_reason(demo_db):
    with web(demo_db) as k:
        rock = _rock(k)
        k.post(f"/rocks/{rock}/evidence", {"kind": "note", "summary": "Signed"})
        k.post(f"/rocks/{rock}/status", {"status": "done"})
        response = k.post(f"/rocks/{rock}/review", {"decision": "reject", "reason": ""})
        assert response.status_code == 422 and f'id="err-reason-{rock}"' in response.text
