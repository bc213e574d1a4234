"""Search on the web: a box in the header of every page, a panel fragment of grouped results as
you type, and a /search page that works without JavaScript, grouped by kind with links."""
from __future__ import annotations

import re

from tests.web.kit import web


def test_every_page_has_the_search_box_in_its_header(demo_db):
    with web(demo_db) as k:
        for path in ("/", "/chart", "/issues", "/sops"):
            page = k.get(path).text
            header = page.split("</header>")[0]
            assert 'role="search"' in header and 'action="/search"' in header and 'id="top-q"' in header, path
            assert '<label for="top-q"' in header
            assert '<script src="/static/search.js" defer></script>' in page


def test_the_search_page_groups_results_by_kind_with_links(demo_db):
    with web(demo_db) as k:
        page = k.get("/search?q=client").text
        headings = re.findall(r'<h2 id="sg-2-(\w+)">', page)
        assert {"seat", "agent"} <= set(headings), headings
        assert re.search(r'href="/chart/seats/seat_\w+"><span class="hit-title">Head of Client Services', page)
        only = k.get("/search?q=client&kind=seat").text
        assert re.findall(r'<h2 id="sg-2-(\w+)">', only) == ["seat"]


def test_the_panel_is_a_fragment_and_the_page_without_words_is_just_the_form(demo_db):
    with web(demo_db) as k:
        panel = k.get("/search/panel?q=maya").text
        assert "<html" not in panel and "Maya Chen" in panel and 'href="/people/' in panel
        assert k.get("/search/panel?q=").text.strip() == ""
        empty = k.get("/search")
        assert empty.status_code == 200 and 'id="sp-q"' in empty.text and "result" not in empty.text.split("</form>")[-1]


def test_bad_input_on_the_page_says_what_to_fix(demo_db):
    with web(demo_db) as k:
        page = k.get("/search?q=" + "a" * 201)
        assert page.status_code == 422 and 'id="err-q"' in page.text
        assert k.get("/search?q=x&kind=nope").status_code == 422


def test_nothing_found_says_so(demo_db):
    with web(demo_db) as k:
        assert "Nothing matches" in k.get("/search?q=zzqx").text


def test_search_needs_a_login(demo_db):
    with web(demo_db) as k:
        k.client.cookies.clear()
        answer = k.get("/search?q=x", follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"].startswith("/login")
