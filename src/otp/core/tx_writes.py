"""Whether the current transaction on a connection has written anything yet.

Per-process caches of committed state (otp.events.epoch) may be read and filled only by a
transaction that has not written: after a write, what it reads is its own uncommitted state,
which a rollback would turn into a lie. A cursor hook on every engine notices writes; any
statement that is not plainly a read counts (DDL, unknown statements, a CTE that writes).
Statements run past SQLAlchemy's engine events (otp.core.prepared) mark their writes themselves.
"""
from __future__ import annotations

import re

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

_TX = "otp_tx_state"  # Connection.info key: a dict while the transaction has only read, else None
_READS = ("SELECT", "BEGIN", "PRAGMA", "SAVEPOINT", "RELEASE", "ROLLBACK", "COMMIT", "SHOW", "SET ")
_CTE_WRITES = re.compile(r"\bINSERT\s+INTO\b|\bDELETE\s+FROM\b|\bUPDATE\s+\S+\s+SET\b", re.IGNORECASE)


@event.listens_for(Engine, "begin")
def _begun(conn: Connection) -> None:
    conn.info[_TX] = {}


@event.listens_for(Engine, "before_cursor_execute")
def _statement(conn, _cursor, statement: str, _parameters, _context, _executemany) -> None:
    head = statement[:12].lstrip().upper()
    if head.startswith(_READS):
        return
    if head.startswith("WITH") and not _CTE_WRITES.search(statement):
        return
    conn.info[_TX] = None


def read_only_state(conn: Connection) -> dict | None:
    """A dict private to this transaction while it has written nothing (callers memoize in it);
    None once it has written, or when the transaction did not begin through SQLAlchemy."""
    return conn.info.get(_TX)


def mark_written(conn: Connection) -> None:
    conn.info[_TX] = None
