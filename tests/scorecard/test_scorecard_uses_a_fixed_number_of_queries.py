"""The scorecard view costs the same number of queries for 2 measurables as for 30."""
from __future__ import annotations

import threading
from contextlib import contextmanager

from sqlalchemy import event

from otp.scorecard.view import scorecard
from tests.scorecard import kit


@contextmanager
def counting(engine):
    """The statements this thread runs on `engine`. Only this thread's: the app's worker tick
    (otp.worker.lifespan) writes on the same engine from another thread every few seconds."""
    statements = []
    me = threading.get_ident()

    def count(conn, cursor, statement, *args):
        if threading.get_ident() == me:
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def queries_for(org) -> int:
    actor = kit.actor(org)
    with org.db.read() as s, counting(org.db.engine) as statements:
        scorecard(s, actor)
    return len(statements)


def test_more_measurables_and_entries_do_not_mean_more_queries(org, db, client):
    from tests.helpers import OrgKit
    small, large = org, OrgKit.create(db, client)
    for i in range(2):
        kit.weeks(small, kit.create(small, f"M{i}"), [1, 2])
    for i in range(30):
        kit.weeks(large, kit.create(large, f"M{i}", target=0), [1, 2, 3])
    assert queries_for(small) == queries_for(large) <= 6
