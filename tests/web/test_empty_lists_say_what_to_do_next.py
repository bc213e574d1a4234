"""An empty list says what it is for and what to do next, never just "nothing"."""
from __future__ import annotations

from tests.web.kit import web


def test_a_quarter_without_rocks_says_how_to_set_the_first(demo_db):
    with web(demo_db) as k:
        page = k.get("/rocks?quarter=2031-Q1").text
        assert 'class="empty-state"' in page and "No rocks for 2031-Q1" in page and "New rock" in page


def test_events_filtered_to_nothing_offer_to_clear_the_filters(demo_db):
    with web(demo_db) as k:
        page = k.get("/events?action=nothing.*").text
        assert "No events match." in page and '<a href="/events">Clear the filters</a>' in page
