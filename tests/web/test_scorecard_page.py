"""The scorecard page: 13 periods per measurable, red and green cells, inline entry."""
from __future__ import annotations

from tests.web.kit import web


def test_the_scorecard_shows_13_periods_grouped_by_owner_with_a_sparkline(demo_db):
    with web(demo_db) as k:
        m = k.measurable("Qualified leads", "Integrator / COO", 10)
        page = k.get("/scorecard")
        assert page.status_code == 200
        row = page.text.split(f'id="m-{m}"')[1].split("</tr>")[0]
        assert row.count('class="cell ') == 13
        assert '<svg class="spark"' in row and "≥ 10" in row
        assert "Integrator / COO" in page.text


def test_entering_a_value_with_htmx_returns_the_row_with_a_green_cell(demo_db):
    with web(demo_db) as k:
        m = k.measurable(target=10)
        before = k.events("measurable.reported")
        response = k.post(f"/scorecard/{m}", {"value": "12"}, htmx=True)
        assert response.status_code == 200 and response.text.lstrip().startswith(f'<tr id="m-{m}"')
        assert '<td class="cell on"' in response.text and ">12<" in response.text
        assert k.events("measurable.reported") == before + 1


def test_a_value_below_target_turns_the_cell_red(demo_db):
    with web(demo_db) as k:
        m = k.measurable(target=10)
        response = k.post(f"/scorecard/{m}", {"value": "3"}, htmx=True)
        assert '<td class="cell off"' in response.text


def test_without_javascript_the_form_posts_and_redirects_back_to_the_row(demo_db):
    with web(demo_db) as k:
        m = k.measurable(target=10)
        response = k.post(f"/scorecard/{m}", {"value": "12"})
        assert response.status_code == 303 and response.headers["location"] == f"/scorecard#m-{m}"


def test_a_value_that_is_not_a_number_is_refused_next_to_the_field(demo_db):
    with web(demo_db) as k:
        m = k.measurable()
        before = k.events()
        response = k.post(f"/scorecard/{m}", {"value": "lots"}, htmx=True)
        assert response.status_code == 422 and f'id="e-{m}"' in response.text and "enter a number" in response.text
        assert k.events() == before
