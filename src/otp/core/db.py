"""Engine and sessions.

SQLite: WAL, foreign keys on, a busy timeout, and every write transaction opened with
BEGIN IMMEDIATE. The last point matters: a deferred SQLite transaction that reads and then
writes can fail with SQLITE_BUSY without waiting, which loses concurrent writes; IMMEDIATE
takes the write lock up front and lets the busy timeout queue writers instead.
Read-only sessions use a plain deferred BEGIN so readers never wait for writers (WAL).
Within one process, writers line up in a first-come, first-served queue (`WriterQueue`) before
they BEGIN IMMEDIATE, so they wait in order rather than in the busy handler's sleeps. A
database in a file copies its WAL back on a thread of its own (`otp.core.checkpointer`), not
inside the commit that happens to cross SQLite's threshold.

PostgreSQL: psycopg 3; row locks (SELECT ... FOR UPDATE) serialize what must be serial. Reads run
in autocommit (no BEGIN/COMMIT round trips; see `_read_options`); the pool fits the worker
threads and pings only connections that sat idle (`_ping_after_idle`).
"""
from __future__ import annotations

import threading
import time
from contextlib import asynccontextmanager, contextmanager, nullcontext
from typing import AsyncIterator, Iterator

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, DisconnectionError, OperationalError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.pool import NullPool

from otp.core import audit_keys, checkpointer
from otp.core.audit_keys import AuditKey
from otp.core.writer_queue import WriterQueue


class Base(DeclarativeBase):
    pass


class WriteWouldWait(Exception):
    """`Database.write_on_loop` could not write on the loop without waiting there; nothing was done."""


SQLITE_BUSY_TIMEOUT_MS = 30_000
# The threads FastAPI runs sync routes on (anyio's default limiter): the pool's size on PostgreSQL.
WORKER_THREADS = 40
PING_AFTER_IDLE_SECONDS = 10.0


def make_engine(url: str, **kwargs) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            **kwargs,
        )
        _configure_sqlite(engine)
        return engine
    if "poolclass" not in kwargs:  # sizes fit the default QueuePool only
        # One kept connection per worker thread: a pool smaller than the threads that use it
        # closes its overflow connections as they come back and opens new ones (a PostgreSQL
        # backend forked per connection) under any sustained load. Opened lazily: an idle
        # instance holds only the connections it has needed at once.
        kwargs.setdefault("pool_size", WORKER_THREADS)
        kwargs.setdefault("max_overflow", 10)  # the event loop's own uses and the worker tick
    engine = create_engine(url, **kwargs)
    _ping_after_idle(engine)
    return engine


def _ping_after_idle(engine: Engine) -> None:
    """Check a pooled connection before use only when it has sat idle a while.

    SQLAlchemy's `pool_pre_ping` pings on every checkout: one more round trip to the server for
    every transaction, read or write, most of them on a connection used a millisecond ago. A
    connection idle for `PING_AFTER_IDLE_SECONDS` is pinged before use as pre_ping would; a dead
    one is replaced before the request sees it. A connection that dies while in steady use (the
    server restarted within the window) fails that one statement; SQLAlchemy then recognises the
    disconnect and drops every pooled connection opened before it, so the next ones are new."""
    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_conn, record):
        record.info["otp_idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_conn, record, _proxy):
        since = record.info.pop("otp_idle_since", None)
        if since is None or time.monotonic() - since < PING_AFTER_IDLE_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_conn)
        except Exception as exc:
            # The pool discards this connection and checks out (or opens) another.
            raise DisconnectionError(f"pooled connection failed its ping after idling: {exc}") from exc


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
        # Straight on the driver: SQLAlchemy's execution of a statement costs more than SQLite's
        # BEGIN itself, on every transaction. Errors (the write lock busy past the timeout) are
        # wrapped as an execution through SQLAlchemy would wrap them, for callers that catch them.
        begin = "BEGIN" if conn.get_execution_options().get("otp_readonly") else "BEGIN IMMEDIATE"
        dbapi = conn.dialect.loaded_dbapi
        try:
            conn.connection.driver_connection.execute(begin)
        except dbapi.Error as exc:
            raise DBAPIError.instance(begin, (), exc, dbapi.Error, dialect=conn.dialect) from exc


def _checkpointer_for(engine: Engine, writers: WriterQueue | None) -> checkpointer.Checkpointer | None:
    """A checkpointer for a SQLite database in a file (not one in memory, which has no WAL)."""
    path = engine.url.database
    if not is_sqlite(engine) or writers is None or not path or path == ":memory:" \
            or engine.url.query.get("mode") == "memory":
        return None
    return checkpointer.Checkpointer(path, writers)


def _run_on_connect(engine: Engine, statements: tuple[str, ...]) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # after make_engine's own connect hook
        for statement in statements:
            dbapi_conn.execute(statement)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def _read_options(engine: Engine) -> dict:
    """How read-only sessions run. On PostgreSQL, in autocommit: at READ COMMITTED, the level OTP
    runs at, every statement takes a snapshot of its own whether or not a transaction wraps them,
    so a read-only transaction buys no consistency; it only costs a BEGIN and a COMMIT, two round
    trips to the server on every read (a briefing, the actor behind every request)."""
    options = {"otp_readonly": True}
    if not is_sqlite(engine):
        options["isolation_level"] = "AUTOCOMMIT"
    return options


class Database:
    """One per process (or per app in tests): the engine and two session factories."""

    def __init__(self, url: str, audit_key: AuditKey | None = None, **engine_kwargs):
        self.url = url
        self.engine = make_engine(url, **engine_kwargs)
        # The audit chain's key travels with every session (events.record hashes under it); it
        # comes from the settings, or OTP_AUDIT_KEY, never from the database itself.
        self.audit_key = audit_key or audit_keys.from_environment()
        self._info = {"audit_key": self.audit_key, "audit_keyring": audit_keys.keyring(self.audit_key)}
        self._write = sessionmaker(self.engine, expire_on_commit=False, info=self._info)
        self._read = sessionmaker(self.engine.execution_options(**_read_options(self.engine)),
                                  expire_on_commit=False, info=self._info)
        # SQLite has one write lock per file: this process's writers take turns for it in order.
        # PostgreSQL locks rows, not the database: its writers run side by side.
        self._writers = WriterQueue() if is_sqlite(self.engine) else None
        # SQLite reads in WAL mode are CPU work in this process (readers never wait for writers):
        # a hot read is cheaper run where it is asked for than handed to a worker thread.
        # PostgreSQL reads wait on the network and belong on a worker thread. See `read_inline`.
        self._reads_inline: bool | None = None if is_sqlite(self.engine) else False
        self._inline_engine: Engine | None = None
        self._inline_connection: Connection | None = None
        self._inline_lock = threading.Lock()
        self._inline_write_engine: Engine | None = None
        self._inline_write_connection: Connection | None = None
        # SQLite file databases copy their WAL back off the write path (otp.core.checkpointer).
        self._checkpointer = _checkpointer_for(self.engine, self._writers)
        if self._checkpointer is not None:
            _run_on_connect(self.engine, checkpointer.connection_pragmas())
        if is_sqlite(self.engine):
            # Made now (they connect only when used), so `engines` is fixed.
            self._inline_engine_()
            self._inline_write_engine_()

    @property
    def engines(self) -> tuple[Engine, ...]:
        """Every engine this database runs statements through — the shared pool's and, on SQLite,
        the one the inline reads use: what instrumentation (engine events) must listen on."""
        return (self.engine,) + tuple(e for e in (self._inline_engine, self._inline_write_engine) if e is not None)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A transaction that commits on success and rolls back on any error.

        A governance refusal (deny, or ask for approval) rolls the change back like any error,
        but what the refusal itself must leave behind — the approval request, the deny event —
        is written afterwards in a transaction of its own (`persist_after_rollback`)."""
        try:
            with self._turn(), self._write() as session:
                with session.begin():
                    yield session
        except Exception as exc:
            if getattr(exc, "persist_after_rollback", None) is None:
                raise
            self.persist_after_rollback(exc)
            raise
        finally:
            self._wrote()

    def persist_after_rollback(self, refusal: Exception) -> None:
        """Write what a refusal leaves behind (its `persist_after_rollback`) in a transaction of its own."""
        try:
            with self._turn(), self._write() as session:
                with session.begin():
                    refusal.persist_after_rollback(session)
        finally:
            self._wrote()

    def _wrote(self) -> None:
        """A write transaction ended: the checkpointer, where there is one, copies its pages back."""
        if self._checkpointer is not None:
            self._checkpointer.nudge()

    @asynccontextmanager
    async def write_on_loop(self) -> AsyncIterator[Session]:
        """`write()` for a coroutine on an event loop (SQLite, when `reads_inline`); the block
        inside must not await. It waits in this process's line of writers as a coroutine, so the
        loop serves other requests meanwhile, then writes right here, on one connection kept for
        this purpose outside the pool (the turn makes its use exclusive). If another process holds
        SQLite's write lock it raises WriteWouldWait before anything is done (its busy timeout is
        0): a loop waiting in SQLite's busy handler would stall every request it serves, and the
        caller hands the write to a worker thread instead; so it does, on PostgreSQL, or when the
        turn did not come within the busy timeout.

        A refusal's `persist_after_rollback` is the caller's to write (`persist_after_rollback`,
        from a worker thread: by then another process may hold the lock)."""
        if self._writers is None or not await self._writers.turn_on_loop(SQLITE_BUSY_TIMEOUT_MS / 1000):
            raise WriteWouldWait()
        lock_taken = False
        try:
            if self._inline_write_connection is not None and self._inline_write_connection.invalidated:
                self._drop_inline_write_connection()  # broken by an earlier error: open a new one
            if self._inline_write_connection is None:
                self._inline_write_connection = self._inline_write_engine_().connect()
            with Session(bind=self._inline_write_connection, expire_on_commit=False, info=self._info) as session:
                with session.begin():
                    try:
                        session.connection()  # BEGIN IMMEDIATE now, before any work
                    except OperationalError as exc:
                        if "locked" not in str(exc) and "busy" not in str(exc):
                            raise
                        lock_taken = True
                        raise WriteWouldWait() from exc
                    yield session
        finally:
            try:
                if lock_taken:  # closed once the session has let go of it; a new one next time
                    self._drop_inline_write_connection()
            finally:
                self._writers.release()
                self._wrote()

    def _inline_write_engine_(self) -> Engine:
        if self._inline_write_engine is None:
            engine = make_engine(self.url, poolclass=NullPool)
            if self._checkpointer is not None:
                _run_on_connect(engine, checkpointer.connection_pragmas())

            @event.listens_for(engine, "connect")
            def _never_wait(dbapi_conn, _record):  # runs after make_engine's own connect hook
                dbapi_conn.execute("PRAGMA busy_timeout=0")
            self._inline_write_engine = engine
        return self._inline_write_engine

    def _drop_inline_write_connection(self) -> None:
        if self._inline_write_connection is not None:
            try:
                self._inline_write_connection.close()
            finally:
                self._inline_write_connection = None

    def _turn(self):
        """This thread's turn to write: waits in line on SQLite, nothing to wait for on PostgreSQL.
        Taken before the session checks out a connection, so waiting writers hold none."""
        if self._writers is None:
            return nullcontext()
        return self._writers.turn(SQLITE_BUSY_TIMEOUT_MS / 1000)

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as session:
            with session.begin():
                yield session

    @property
    def reads_inline(self) -> bool:
        """Whether hot reads may run on an event loop's own thread: SQLite whose journal is in
        fact WAL (a file system without WAL support, or an in-memory database, is not)."""
        if self._reads_inline is None:
            with self._inline_engine_().connect() as conn:
                mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
            self._reads_inline = str(mode).lower() == "wal"
        return self._reads_inline

    @contextmanager
    def read_inline(self) -> Iterator[Session]:
        """`read()` for a caller on an event loop's own thread (when `reads_inline`).

        It never waits for the shared pool, which worker threads may hold entirely (a loop waiting
        there would stall every request it serves): it reads on one connection kept for this
        purpose, opened outside the pool. Another thread arriving while that one is in use (a
        second event loop, as in tests, or a nested read) gets a connection of its own."""
        engine = self._inline_engine_()
        if not self._inline_lock.acquire(blocking=False):
            with Session(bind=engine, expire_on_commit=False, info=self._info) as session:
                with session.begin():
                    yield session
            return
        try:
            if self._inline_connection is None:
                self._inline_connection = engine.connect()
            with Session(bind=self._inline_connection, expire_on_commit=False, info=self._info) as session:
                with session.begin():
                    yield session
        finally:
            self._inline_lock.release()

    def _inline_engine_(self) -> Engine:
        if self._inline_engine is None:  # a race makes two; one is dropped, nothing is lost
            self._inline_engine = make_engine(self.url, poolclass=NullPool).execution_options(otp_readonly=True)
        return self._inline_engine

    def dispose(self) -> None:
        if self._checkpointer is not None:
            self._checkpointer.close()
        with self._inline_lock:
            if self._inline_connection is not None:
                self._inline_connection.close()
                self._inline_connection = None
            if self._inline_engine is not None:
                self._inline_engine.dispose()
                self._inline_engine = None
        if self._writers is not None and self._writers.try_turn():  # not while an inline write runs
            try:
                self._drop_inline_write_connection()
                if self._inline_write_engine is not None:
                    self._inline_write_engine.dispose()
                    self._inline_write_engine = None
            finally:
                self._writers.release()
        self.engine.dispose()
