"""Editing the chart from the web: a seat page edits fields, moves the seat and changes its holder."""
from __future__ import annotations

import re

from tests.web.test_login_and_chart import demo_client, login


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def seat_id(client, title: str) -> str:
    return next(s["id"] for s in client.get("/api/v1/chart").json()["seats"] if s["title"] == title)


def form(client, seat: str, **changes) -> dict:
    page = client.get(f"/chart/seats/{seat}").text
    current = next(s for s in client.get("/api/v1/chart").json()["seats"] if s["id"] == seat)
    occupant = current["occupant"]
    data = {"csrf_token": csrf_of(page), "title": current["title"], "purpose": current["purpose"],
            "responsibilities": "\n".join(current["responsibilities"]), "parent_id": current["parent_id"] or "",
            "occupant": f"{occupant['kind']}:{occupant['id']}" if occupant else ""}
    return data | changes


def test_moving_a_seat_from_its_page_moves_it_on_the_chart(demo_db):
    with demo_client(demo_db) as client:
        login(client, "owner@example.com", "demo")
        qa, finance = seat_id(client, "Quality Reviewer"), seat_id(client, "Head of Finance & Ops")
        response = client.post(f"/chart/seats/{qa}", data=form(client, qa, parent_id=finance), follow_redirects=False)
        assert response.status_code == 303
        moved = next(s for s in client.get("/api/v1/chart").json()["seats"] if s["id"] == qa)
        assert moved["parent_id"] == finance


def test_a_bad_edit_shows_the_error_next_to_the_field_and_changes_nothing(demo_db):
    with demo_client(demo_db) as client:
        login(client, "owner@example.com", "demo")
        qa = seat_id(client, "Quality Reviewer")
        before = client.get("/api/v1/chart").json()
        response = client.post(f"/chart/seats/{qa}", data=form(client, qa, responsibilities="only one"))
        assert response.status_code == 422
        assert 'id="err-responsibilities"' in response.text
        assert client.get("/api/v1/chart").json() == before


def test_vacating_a_seat_from_its_page_shows_it_vacant(demo_db):
    with demo_client(demo_db) as client:
        login(client, "owner@example.com", "demo")
        qa = seat_id(client, "Quality Reviewer")
        client.post(f"/chart/seats/{qa}", data=form(client, qa, occupant=""))
        page = client.get("/chart").text
        assert re.search(rf'class="seat vacant" id="{qa}"', page)


def test_pages_need_a_login(demo_db):
    with demo_client(demo_db) as client:
        response = client.get("/chart", follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/login?next=/chart")


def test_the_occupancy_history_names_each_holder_and_whether_a_human_or_an_agent(demo_db):
    with demo_client(demo_db) as client:
        login(client, "owner@example.com", "demo")
        qa = seat_id(client, "Quality Reviewer")
        client.post(f"/chart/seats/{qa}", data=form(client, qa, occupant=""))
        history = client.get(f"/chart/seats/{qa}").text.split("Occupancy history", 1)[1].split("</ul>", 1)[0]
        assert "Sentry (agent) · " in history and "agt_" not in history
