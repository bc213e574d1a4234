"""The /import page: upload → preview table (changes, or errors by line) → confirm → the page
of what was imported, with a one-line summary."""
from __future__ import annotations

import pytest

from tests.imports.kit import Page, counts


@pytest.fixture
def page(app, org):
    p = Page(app, org)
    yield p
    p.close()


def test_the_page_offers_every_kind_and_format(page):
    html = page.client.get("/import").text
    for label in ("Chart", "Scorecard", "Rocks", "Issues", "To-dos", "Ninety export", "Bloom Growth export"):
        assert label in html
    assert 'href="/import/template/chart.csv"' in html


def test_a_template_downloads_with_the_columns_of_its_kind(page):
    response = page.client.get("/import/template/rocks.csv")
    assert response.status_code == 200 and response.text.startswith("title,owner,quarter,due,status")


def test_uploading_a_chart_shows_the_preview_and_writes_nothing(page, org):
    before = counts(org)
    response = page.preview("chart", "chart_30_seats.csv")
    assert response.status_code == 200
    assert "Import 88 changes" in response.text and "Content Writer" in response.text
    assert counts(org) == before


def test_confirming_imports_and_lands_on_the_chart_with_a_summary(page, org):
    response = page.confirm("chart", "chart_30_seats.csv")
    assert response.status_code == 303 and response.headers["location"] == "/chart"
    chart = page.client.get("/chart").text
    assert "Imported chart from chart_30_seats.csv: 20 people created, 9 agents created, 30 seats created" in chart
    assert counts(org)["seats"] == 30


def test_a_broken_file_shows_its_errors_by_line_and_offers_no_import(page, org):
    before = counts(org)
    response = page.preview("chart", "chart_broken.csv")
    assert response.status_code == 422
    assert "5 problems in this file" in response.text and 'action="/import"' not in response.text
    assert '<td class="line">5</td>' in response.text and "no seat titled" in response.text
    assert page.confirm("chart", "chart_broken.csv").status_code == 422
    assert counts(org) == before
