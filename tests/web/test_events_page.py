"""The audit view: newest first, filtered, paged."""
from __future__ import annotations

import re

from tests.web.kit import web


def test_events_are_listed_newest_first_and_filter_by_action(demo_db):
    with web(demo_db) as k:
        k.post("/todos", {"title": "Newest thing", "owner_seat_id": k.seat("Integrator / COO")})
        page = k.get("/events").text
        assert re.findall(r"<td><code>([a-z_.]+)</code>", page)[0] == "todo.created"
        only = k.get("/events?action=seat.*").text
        assert "<code>todo.created</code>" not in only and "<code>seat.created</code>" in only


def test_the_next_page_continues_where_the_first_ended(demo_db):
    with web(demo_db) as k:
        first = k.get("/events").text
        older = re.search(r'before=(\d+)" rel="next"', first).group(1)
        second = k.get(f"/events?before={older}")
        assert second.status_code == 200 and "Newest" in second.text
