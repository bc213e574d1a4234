"""PostgreSQL: the search statement is never prepared on the server, however often a connection
runs it. psycopg prepares a statement after 5 runs, and PostgreSQL then may plan it once for any
words (a generic plan cannot know how many entries a word matches: for a prefix most entries
match it sorts all of them, ~13 times slower at 100,000 entries). Other statements on the same
connection are still prepared as usual."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from otp.search.query import search
from tests.dbs import backend
from tests.search.kit import owner

pytestmark = pytest.mark.skipif(backend() != "postgresql", reason="psycopg's prepared statements only")


def test_the_search_is_planned_anew_each_time_and_the_connection_keeps_its_setting(org):
    root = org.root()
    org.ok("POST", "/api/v1/issues", {"title": "Capybara crossing", "owner_seat_id": root["id"]}, status=201)
    with org.db.read() as s:
        actor = owner(org, s)
        driver = s.connection().connection.driver_connection
        threshold = driver.prepare_threshold
        for q in ["capy", "capybara", "crossing", "nothing at all"] * 5:
            search(s, actor, q=q)
            search(s, actor, q=q, kind="issue")
        for _ in range(threshold + 1):  # an ordinary statement is still prepared after `threshold` runs
            s.execute(text("SELECT count(*) FROM search_entries WHERE org_id = :org"), {"org": org.org_id})
        prepared = s.execute(text("SELECT statement FROM pg_prepared_statements")).scalars().all()
        assert driver.prepare_threshold == threshold
    assert not [p for p in prepared if "to_tsquery" in p]
    assert [p for p in prepared if "count(*) FROM search_entries" in p]
