"""The chart diagram's page is a small shell (the seats come from the API), served under the
same Content-Security-Policy as every page, and linked both ways with the list view."""
from __future__ import annotations

import re

from tests.web.kit import web
from tests.web.test_login_and_chart import demo_client


def test_the_diagram_page_is_a_small_shell_that_loads_its_script_from_this_origin(demo_db):
    with web(demo_db) as k:
        response = k.get("/chart/diagram")
        assert response.status_code == 200
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert '<script src="/static/chart.js"></script>' in response.text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", response.text)
        assert 'data-small="1"' in response.text and "14 seats" in response.text
        assert "Visionary / CEO" not in response.text  # the seats are data, fetched by the script
        assert len(response.content) < 20_000


def test_the_list_and_the_diagram_link_to_each_other(demo_db):
    with web(demo_db) as k:
        assert 'href="/chart/diagram"' in k.get("/chart").text
        assert 'href="/chart"' in k.get("/chart/diagram").text.split("<main", 1)[1]


def test_the_diagram_page_takes_a_starting_depth_and_refuses_one_out_of_range(demo_db):
    with web(demo_db) as k:
        assert 'data-depth="1"' in k.get("/chart/diagram?depth=1").text
        assert k.get("/chart/diagram?depth=11").status_code == 422


def test_the_diagram_page_needs_a_login(demo_db):
    with demo_client(demo_db) as client:
        response = client.get("/chart/diagram", follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/login")


def test_the_script_and_its_styles_are_served(demo_db):
    with web(demo_db) as k:
        script = k.get("/static/chart.js")
        assert script.status_code == 200 and "/api/v1/chart?depth=" in script.text
        assert k.get("/static/chart.css").status_code == 200
