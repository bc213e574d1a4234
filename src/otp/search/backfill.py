"""Filling the index from the rows already there (the migration that creates it runs this).
It reads only the columns the documents use, so a later migration adding columns elsewhere on
these tables cannot break it."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Connection

from otp.meetings.models import Meeting
from otp.search import store
from otp.search.documents import INDEXED

EXTRA = {Meeting: {"series_id"}}
BATCH = 1000


def run(conn: Connection) -> int:
    count = 0
    for model, (document, fields) in INDEXED.items():
        table = model.__table__
        names = sorted(fields | {"id", "org_id"} | EXTRA.get(model, set()))
        rows = conn.execute(select(*[table.c[n] for n in names])).all()
        docs = [d for d in (document(conn, row) for row in rows) if d is not None]
        for start in range(0, len(docs), BATCH):
            store.upsert(conn, docs[start:start + BATCH])
        count += len(docs)
    return count
