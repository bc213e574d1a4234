"""PostgreSQL: reads run in autocommit and writes in a transaction; a pooled connection is
pinged only when it has sat idle past PING_AFTER_IDLE_SECONDS (a round trip saved on every busy
transaction), and one that died while idle is replaced before the transaction taking it sees an
error."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from otp.core import db as core_db
from otp.core.config import normalize_url
from otp.core.db import Database
from tests.dbs import backend

pytestmark = pytest.mark.skipif(backend() != "postgresql", reason="PostgreSQL's pool only (SQLite pools no pings)")


def backend_pid(database: Database) -> int:
    with database.read() as s:
        return s.execute(text("SELECT pg_backend_pid()")).scalar_one()


@pytest.fixture
def one_connection(database_url):
    database = Database(database_url, pool_size=1, max_overflow=0)
    yield database
    database.dispose()


def test_a_connection_used_a_moment_ago_is_not_pinged(one_connection, monkeypatch):
    pings = []
    real = one_connection.engine.dialect.do_ping
    monkeypatch.setattr(one_connection.engine.dialect, "do_ping", lambda c: pings.append(1) or real(c))
    first = backend_pid(one_connection)
    assert backend_pid(one_connection) == first and pings == []
    monkeypatch.setattr(core_db, "PING_AFTER_IDLE_SECONDS", 0.0)
    assert backend_pid(one_connection) == first and pings == [1]


def test_a_connection_that_died_while_idle_is_replaced_before_use(one_connection, database_url, monkeypatch):
    dead = backend_pid(one_connection)
    admin = create_engine(normalize_url(database_url))
    with admin.connect() as conn:
        assert conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": dead}).scalar_one()
    admin.dispose()
    monkeypatch.setattr(core_db, "PING_AFTER_IDLE_SECONDS", 0.0)
    assert backend_pid(one_connection) != dead  # no error: the ping found it dead, a new one served


def test_reads_run_without_a_transaction_and_writes_keep_theirs_on_the_same_connection(one_connection):
    """Reads need no BEGIN/COMMIT round trips at READ COMMITTED; a write on the connection a read
    just used is still one transaction: its error undoes all of it."""
    with one_connection.read() as s:
        assert s.connection().connection.dbapi_connection.autocommit is True
    with pytest.raises(RuntimeError):
        with one_connection.write() as s:
            assert s.connection().connection.dbapi_connection.autocommit is False
            s.execute(text("CREATE TEMP TABLE scratch (n int)"))  # a temp table: nothing shared is touched
            s.execute(text("INSERT INTO scratch VALUES (1)"))
            raise RuntimeError("undo")
    with one_connection.read() as s:  # the same (only) connection: the table was rolled back with the insert
        assert s.execute(text("SELECT to_regclass('pg_temp.scratch')")).scalar_one() is None
