"""The chart's cards edit, move and change holder in place: htmx swaps a small form in for the
card; without JavaScript the same links open a form page that posts and returns to the chart."""
from __future__ import annotations

import re

from otp.org import chart
from otp.org.models import Agent
from sqlalchemy import select

from tests.web.kit import web

RESPONSIBILITIES = "Review every deliverable\nKeep the brand guide\nLog defects"


def seats(kit) -> dict:
    return {s["id"]: s for s in kit.get("/api/v1/chart").json()["seats"]}


def test_editing_a_card_saves_the_seat_swaps_the_card_back_and_records_one_event(demo_db):
    with web(demo_db) as kit:
        qa, before = kit.seat("Quality Reviewer"), kit.events()
        response = kit.post(f"/chart/seats/{qa}/edit", {"title": "Quality Lead", "purpose": "Nothing ships broken",
                                                        "responsibilities": RESPONSIBILITIES}, htmx=True)
        assert response.status_code == 200 and '<article class="seat agent"' in response.text
        assert "Quality Lead" in response.text and "<form" not in response.text
        assert seats(kit)[qa]["title"] == "Quality Lead"
        assert seats(kit)[qa]["responsibilities"] == RESPONSIBILITIES.splitlines()
        assert kit.events() == before + 1 and kit.events("seat.updated") == 1


def test_a_sixth_responsibility_shows_the_services_message_next_to_the_field_and_changes_nothing(demo_db):
    with web(demo_db) as kit:
        qa, before, events = kit.seat("Quality Reviewer"), seats(kit), kit.events()
        six = "\n".join(f"Duty {n}" for n in range(1, 7))
        response = kit.post(f"/chart/seats/{qa}/edit", {"title": "Quality Lead", "responsibilities": six}, htmx=True)
        assert response.status_code == 422
        error = re.search(rf'<span class="error" id="err-{qa}-responsibilities" role="alert">([^<]+)</span>',
                          response.text)
        assert error and error.group(1) == "responsibilities needs 3 to 5 items (got 6)"
        assert "Duty 6" in response.text  # what was typed comes back, to correct
        assert seats(kit) == before and kit.events() == events


def test_a_missing_title_is_refused_next_to_the_title_field(demo_db):
    with web(demo_db) as kit:
        qa, before = kit.seat("Quality Reviewer"), seats(kit)
        response = kit.post(f"/chart/seats/{qa}/edit", {"title": "  ", "responsibilities": RESPONSIBILITIES},
                            htmx=True)
        assert response.status_code == 422 and f'id="err-{qa}-title"' in response.text
        assert 'aria-invalid="true" aria-describedby="err-' + qa + '-title"' in response.text
        assert seats(kit) == before


def test_a_card_form_posted_without_its_csrf_token_is_refused_and_changes_nothing(demo_db):
    with web(demo_db) as kit:
        qa, finance, before = kit.seat("Quality Reviewer"), kit.seat("Head of Finance & Ops"), seats(kit)
        for path, data in ((f"/chart/seats/{qa}/edit", {"title": "Hijacked", "responsibilities": RESPONSIBILITIES}),
                           (f"/chart/seats/{qa}/move", {"parent_id": finance}),
                           (f"/chart/seats/{qa}/holder", {"occupant": ""})):
            response = kit.client.post(path, data=data, headers={"HX-Request": "true"}, follow_redirects=False)
            assert response.status_code == 403, path
        assert seats(kit) == before


def test_without_javascript_the_edit_link_opens_a_form_page_that_posts_and_returns_to_the_chart(demo_db):
    with web(demo_db) as kit:
        qa = kit.seat("Quality Reviewer")
        assert f'href="/chart/seats/{qa}/edit"' in kit.get("/chart").text
        page = kit.get(f"/chart/seats/{qa}/edit").text
        assert f'<form method="post" action="/chart/seats/{qa}/edit">' in page  # a plain form, no hx-post
        assert f'<label for="title-{qa}">Title</label>' in page
        response = kit.post(f"/chart/seats/{qa}/edit", {"title": "Quality Lead", "responsibilities": RESPONSIBILITIES})
        assert response.status_code == 303 and response.headers["location"] == f"/chart#{qa}"
        assert re.search(rf'id="{qa}" aria-label="Quality Lead"', kit.get("/chart").text)


def test_moving_a_seat_on_its_card_rerenders_the_chart_with_its_subtree_under_the_new_parent(demo_db):
    with web(demo_db) as kit:
        lead, finance = kit.seat("Content Operations Lead"), kit.seat("Head of Finance & Ops")
        response = kit.post(f"/chart/seats/{lead}/move", {"parent_id": finance}, htmx=True)
        assert response.status_code == 200 and response.headers["HX-Retarget"] == "#chart"
        assert response.text.lstrip().startswith('<section id="chart"')
        after = seats(kit)
        assert after[lead]["parent_id"] == finance
        assert after[kit.seat("Content Writer")]["parent_id"] == lead  # the subtree came along
        assert kit.events("seat.moved") == 1


def test_without_javascript_a_move_posts_and_redirects_back_to_the_seat_on_the_chart(demo_db):
    with web(demo_db) as kit:
        qa, finance = kit.seat("Quality Reviewer"), kit.seat("Head of Finance & Ops")
        assert f'<label for="parent_id-{qa}">Reports to</label>' in kit.get(f"/chart/seats/{qa}/move").text
        response = kit.post(f"/chart/seats/{qa}/move", {"parent_id": finance})
        assert response.status_code == 303 and response.headers["location"] == f"/chart#{qa}"
        assert seats(kit)[qa]["parent_id"] == finance


def test_the_move_picker_offers_neither_the_seat_itself_nor_the_seats_below_it(demo_db):
    with web(demo_db) as kit:
        delivery = kit.seat("Head of Delivery")
        picker = kit.get(f"/chart/seats/{delivery}/move", headers={"HX-Request": "true"}).text
        offered = set(re.findall(r'<option value="([^"]+)"', picker))
        below = {kit.seat(t) for t in ("Head of Delivery", "Content Operations Lead", "Content Writer",
                                       "SEO Analyst", "Paid Media Specialist", "Quality Reviewer")}
        assert offered and not offered & below
        assert kit.seat("Head of Finance & Ops") in offered


def test_moving_a_seat_below_one_of_its_own_reports_is_refused_on_its_card(demo_db):
    with web(demo_db) as kit:
        delivery, writer, before = kit.seat("Head of Delivery"), kit.seat("Content Writer"), seats(kit)
        response = kit.post(f"/chart/seats/{delivery}/move", {"parent_id": writer}, htmx=True)
        assert response.status_code == 409 and "HX-Retarget" not in response.headers
        assert f'id="err-{delivery}-parent_id"' in response.text and "would make a cycle" in response.text
        assert seats(kit) == before


def test_the_chart_page_loads_no_seat_picker_until_a_card_asks_for_one(demo_db):
    with web(demo_db) as kit:
        page = kit.get("/chart").text
        assert "<select" not in page and "<option" not in page
        assert page.count('hx-get="/chart/seats/') == 3 * 14 - 1  # edit, move (not the root's), holder


def test_vacating_a_seat_from_its_card_shows_it_vacant(demo_db):
    with web(demo_db) as kit:
        qa = kit.seat("Quality Reviewer")
        response = kit.post(f"/chart/seats/{qa}/holder", {"occupant": ""}, htmx=True)
        assert response.status_code == 200 and re.search(rf'class="seat vacant" id="{qa}"', response.text)
        assert seats(kit)[qa]["occupant"] is None and kit.events("seat.vacated") == 1


def test_a_holder_change_that_leaves_an_agent_without_a_human_above_is_refused_on_the_card(demo_db):
    with web(demo_db) as kit:
        ceo, growth = kit.seat("Visionary / CEO"), kit.seat("Head of Growth")
        with kit.db.read() as s:
            tally = s.execute(select(Agent.id).where(Agent.org_id == kit.org_id, Agent.name == "Tally")).scalar_one()
        kit.do(lambda s, a: chart.assign_occupant(s, a, growth, kind="agent", occupant_id=tally))
        before = seats(kit)
        response = kit.post(f"/chart/seats/{ceo}/holder", {"occupant": ""}, htmx=True)
        assert response.status_code == 409
        assert f'id="err-{ceo}-occupant"' in response.text and "person-held seat above it" in response.text
        assert seats(kit) == before
