"""Engine and sessions.

SQLite: WAL, foreign keys on, a busy timeout, and every write transaction opened with
BEGIN IMMEDIATE. The last point matters: a deferred SQLite transaction that reads and then
writes can fail with SQLITE_BUSY without waiting, which loses concurrent writes; IMMEDIATE
takes the write lock up front and lets the busy timeout queue writers instead.
Read-only sessions use a plain deferred BEGIN so readers never wait for writers (WAL).

PostgreSQL: psycopg 3; row locks (SELECT ... FOR UPDATE) serialize what must be serial.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Iterator

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker


class Base(DeclarativeBase):
    pass


SQLITE_BUSY_TIMEOUT_MS = 30_000


def make_engine(url: str, **kwargs) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            **kwargs,
        )
        _configure_sqlite(engine)
        return engine
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 20)
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        # Let SQLAlchemy's "begin" event below decide how transactions start.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        if conn.get_execution_options().get("otp_readonly"):
            conn.exec_driver_sql("BEGIN")
        else:
            conn.exec_driver_sql("BEGIN IMMEDIATE")


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


class Database:
    """One per process (or per app in tests): the engine and two session factories."""

    def __init__(self, url: str, **engine_kwargs):
        self.url = url
        self.engine = make_engine(url, **engine_kwargs)
        self._write = sessionmaker(self.engine, expire_on_commit=False)
        self._read = sessionmaker(self.engine.execution_options(otp_readonly=True), expire_on_commit=False)
        # SQLite reads are CPU work in this process (WAL readers never wait for writers): a hot
        # read is cheaper run where it is asked for than handed to a worker thread. PostgreSQL
        # reads wait on the network and belong on a worker thread. See `read_inline`.
        self.reads_inline = is_sqlite(self.engine)
        self._inline_connection: Connection | None = None
        self._inline_lock = threading.Lock()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A transaction that commits on success and rolls back on any error.

        A governance refusal (deny, or ask for approval) rolls the change back like any error,
        but what the refusal itself must leave behind — the approval request, the deny event —
        is written afterwards in a transaction of its own (`persist_after_rollback`)."""
        try:
            with self._write() as session:
                with session.begin():
                    yield session
        except Exception as exc:
            persist = getattr(exc, "persist_after_rollback", None)
            if persist is None:
                raise
            with self._write() as session:
                with session.begin():
                    persist(session)
            raise

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as session:
            with session.begin():
                yield session

    @contextmanager
    def read_inline(self) -> Iterator[Session]:
        """`read()` for a caller on an event loop's own thread (SQLite: `reads_inline`).

        It runs on one connection kept for this purpose rather than one from the pool: a loop
        that waited for a pooled connection held by worker threads would stall every request it
        serves. Only one caller at a time can use it; another thread arriving meanwhile (a second
        event loop, as in tests) reads through the pool instead."""
        if not self._inline_lock.acquire(blocking=False):
            with self.read() as session:
                yield session
            return
        try:
            if self._inline_connection is None:
                self._inline_connection = self.engine.connect().execution_options(otp_readonly=True)
            with Session(bind=self._inline_connection, expire_on_commit=False) as session:
                with session.begin():
                    yield session
        finally:
            self._inline_lock.release()

    def dispose(self) -> None:
        with self._inline_lock:
            if self._inline_connection is not None:
                self._inline_connection.close()
                self._inline_connection = None
        self.engine.dispose()
