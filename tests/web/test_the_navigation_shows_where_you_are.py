"""The sidebar marks the page you are on, and only it: the main pages and the organization's pages,
each with its icon beside its name; home is marked only at home."""
from __future__ import annotations

import re

from tests.web.kit import web


def _current(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)" aria-current="page">', html)


def test_a_main_page_is_marked_current_in_the_sidebar(demo_db):
    with web(demo_db) as k:
        assert _current(k.get("/rocks").text) == ["/rocks"]


def test_a_settings_section_marks_settings_current(demo_db):
    with web(demo_db) as k:
        assert "/settings" in _current(k.get("/settings/policy").text)


def test_home_is_marked_only_at_home(demo_db):
    with web(demo_db) as k:
        assert _current(k.get("/").text) == ["/"]
        assert "/" not in _current(k.get("/issues").text)


def test_each_navigation_link_carries_a_decorative_icon_and_a_readable_name(demo_db):
    with web(demo_db) as k:
        html = k.get("/issues").text
        link = re.search(r'<a href="/issues" aria-current="page">(.*?)</a>', html, re.S).group(1)
        assert '<svg class="icon"' in link and 'aria-hidden="true"' in link and "<span>Issues</span>" in link


def test_every_page_loads_the_keyboard_shortcuts(demo_db):
    with web(demo_db) as k:
        assert '<script src="/static/keys.js" defer></script>' in k.get("/scorecard").text
        assert k.get("/static/keys.js").status_code == 200
