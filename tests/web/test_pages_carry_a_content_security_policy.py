"""Every web page tells the browser to run scripts and styles from this origin only (so an inline
script would not run), not to be framed, and not to sniff types; JSON responses don't need it."""
from __future__ import annotations

import re

import pytest

from tests.web.kit import web

PAGES = ["/", "/chart", "/scorecard", "/rocks", "/issues", "/todos", "/meetings", "/approvals",
         "/escalations", "/sops", "/events", "/oos"]


@pytest.mark.parametrize("path", PAGES)
def test_each_main_page_allows_scripts_from_this_origin_only(demo_db, path):
    with web(demo_db) as k:
        response = k.get(path)
        assert response.status_code == 200
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert "frame-ancestors 'none'" in policy
        assert response.headers["x-content-type-options"] == "nosniff"
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", response.text), "an inline <script> would be blocked"
        assert not re.search(r"\son[a-z]+=\"", response.text), "inline event handlers would be blocked"


def test_the_login_page_carries_it_before_anyone_logs_in(client):
    response = client.get("/login")
    assert "default-src 'self'" in response.headers["content-security-policy"]


def test_json_responses_are_left_alone(client):
    response = client.get("/api/v1/health")
    assert response.headers["content-type"].startswith("application/json")
    assert "content-security-policy" not in response.headers
