"""SQLite's WAL is checkpointed by a thread of its own (otp.core.checkpointer), not inside the
commit that crosses SQLite's threshold: writes never pay for the copy, and the WAL still starts
over instead of growing without end."""
from __future__ import annotations

import os
import sqlite3

from sqlalchemy import text

from otp.core import checkpointer
from otp.core.db import Database
from tests.helpers import wait_for


def _wal_pages(path: str) -> int:
    """Pages in the WAL now, as a checkpoint that copies nothing reports them."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA busy_timeout=5000")
        return conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[1]
    finally:
        conn.close()


def _database(tmp_path) -> tuple[Database, str]:
    path = str(tmp_path / "wal.sqlite3")
    db = Database(f"sqlite:///{path}")
    with db.write() as s:
        s.execute(text("CREATE TABLE pages (id INTEGER PRIMARY KEY, fill BLOB)"))
    return db, path


def test_the_databases_connections_leave_checkpoints_to_the_checkpointer(tmp_path):
    db, _ = _database(tmp_path)
    try:
        with db.write() as s:
            assert s.execute(text("PRAGMA wal_autocheckpoint")).scalar() == 0
        with db.read() as s:
            assert s.execute(text("PRAGMA journal_size_limit")).scalar() == checkpointer.WAL_SIZE_LIMIT
    finally:
        db.dispose()


def test_the_wal_stays_bounded_while_writes_keep_coming(tmp_path):
    db, path = _database(tmp_path)
    try:
        # ~20,000 pages in 200 commits, back to back: a checkpoint that only ever ran beside the
        # writes (never in their line) would let the WAL hold all of them, ~82 MB. Rewound, it
        # peaks at a few thousand pages here (the file is trimmed to WAL_SIZE_LIMIT when it starts
        # over), whatever the machine's load.
        for _ in range(200):
            with db.write() as s:
                s.execute(text("INSERT INTO pages (fill) VALUES " + ", ".join(["(zeroblob(4000))"] * 100)))
        assert db._checkpointer.rewinds >= 1
        assert os.path.getsize(path + "-wal") < 10 * checkpointer.REWIND_PAGES * (4096 + 24)
    finally:
        db.dispose()


def test_once_writes_stop_every_page_is_copied_back_and_the_next_write_starts_the_wal_over(tmp_path, monkeypatch):
    monkeypatch.setattr(checkpointer, "IDLE", 0.2)
    db, path = _database(tmp_path)
    try:
        for _ in range(15):
            with db.write() as s:
                s.execute(text("INSERT INTO pages (fill) VALUES " + ", ".join(["(zeroblob(4000))"] * 100)))
        assert wait_for(lambda: db._checkpointer._thread is None)  # its last checkpoint has run
        with db.write() as s:
            s.execute(text("INSERT INTO pages (fill) VALUES (zeroblob(10))"))
        assert _wal_pages(path) < 10  # started over: only the last write's pages
        with db.read() as s:
            assert s.execute(text("SELECT count(*) FROM pages")).scalar() == 1501
    finally:
        db.dispose()
    conn = sqlite3.connect(path)  # every committed row is in the database file, not only in the WAL
    assert conn.execute("SELECT count(*) FROM pages").fetchone()[0] == 1501
    conn.close()


def test_the_thread_ends_when_writes_stop_and_comes_back_with_the_next(tmp_path, monkeypatch):
    monkeypatch.setattr(checkpointer, "IDLE", 0.2)
    db, _ = _database(tmp_path)
    try:
        cp = db._checkpointer
        assert wait_for(lambda: cp._thread is None)
        before = cp.checkpoints
        with db.write() as s:
            s.execute(text("INSERT INTO pages (fill) VALUES (zeroblob(5000))"))
        assert cp._thread is not None
        assert wait_for(lambda: cp._thread is None)
        assert cp.checkpoints > before  # the write's pages were copied back before the thread ended
    finally:
        db.dispose()


def test_an_in_memory_database_has_no_checkpointer():
    db = Database("sqlite://")
    try:
        assert db._checkpointer is None
    finally:
        db.dispose()
