"""Writing entries: upsert one document, drop entries. Core statements on the session's own
connection, so they share the transaction of the write that caused them."""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from sqlalchemy import delete, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from otp.core import clock
from otp.core.prepared import Prepared
from otp.search.documents import Doc
from otp.search.models import SearchEntry

T = SearchEntry.__table__


def upsert(conn: Connection, docs: Iterable[Doc]) -> None:
    # One row per key (the last document wins): PostgreSQL refuses to upsert a row twice in one statement.
    latest = {(d.org_id, d.ref_id): d for d in docs}
    rows = [_row(d) for d in latest.values()]
    if len(rows) == 1:
        _prepared_upsert(conn.dialect.name).write(conn, rows[0])
    elif rows:
        conn.execute(_upsert_statement(conn.dialect.name), rows)


def _row(d: Doc) -> dict:
    return {"org_id": d.org_id, "ref_id": d.ref_id, "kind": d.kind, "title": d.title[:500], "body": d.body,
            "parent_id": d.parent_id, "updated_at": clock.now()}


_COLUMNS = tuple(_row(Doc(org_id="", ref_id="", kind="", title="", body="")))  # the ones `_row` sets


@lru_cache(maxsize=2)
def _prepared_upsert(dialect: str) -> Prepared:
    """The upsert of one entry, the common case (one indexed row written), run as a prepared
    statement: SQLAlchemy's execution cost as much as a to-do's own INSERT."""
    return Prepared(_upsert_statement(dialect), columns=_COLUMNS)


@lru_cache(maxsize=2)
def _upsert_statement(dialect: str):
    """Built once per dialect: `excluded` copies every column of the table on each access, which
    cost more than the upsert itself on every write of an indexed row."""
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(T)
    return insert.on_conflict_do_update(
        index_elements=["org_id", "ref_id"],
        set_={c: insert.excluded[c] for c in ("kind", "title", "body", "parent_id", "updated_at")})


def drop(conn: Connection, ref_ids: Iterable[str], org_id: str | None = None) -> None:
    """Drop the entries of these things (in every organization unless `org_id`)."""
    ids = list(ref_ids)
    if not ids:
        return
    stmt = delete(T).where(T.c.ref_id.in_(ids))
    conn.execute(stmt if org_id is None else stmt.where(T.c.org_id == org_id))


def retitle_person(conn: Connection, person_id: str, name: str, email: str) -> None:
    conn.execute(update(T).where(T.c.kind == "person", T.c.ref_id == person_id)
                 .values(title=name[:500], body=email, updated_at=clock.now()))
