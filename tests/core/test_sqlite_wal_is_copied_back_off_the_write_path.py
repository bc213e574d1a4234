"""SQLite's WAL is checkpointed by a thread of its own (otp.core.checkpointer), not inside the
commit that crosses SQLite's threshold: writes never pay for the copy, and the WAL still starts
over instead of growing without end."""
from __future__ import annotations

import sqlite3
import time

from sqlalchemy import text

from otp.core import checkpointer
from otp.core.db import Database


def _wal_pages(path: str) -> int:
    """Pages in the WAL now, as a checkpoint that copies nothing reports them."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA busy_timeout=5000")
        return conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[1]
    finally:
        conn.close()


def _until(condition, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


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


def test_writes_past_the_threshold_are_copied_back_and_the_wal_starts_over(tmp_path):
    db, path = _database(tmp_path)
    try:
        # Each row fills more than a page: 3,000 rows are ~3x SQLite's own checkpoint threshold.
        for start in range(0, 3000, 100):
            with db.write() as s:
                s.execute(text("INSERT INTO pages (fill) VALUES " + ", ".join(["(zeroblob(4200))"] * 100)))
        assert _until(lambda: db._checkpointer.rewinds >= 1)
        with db.write() as s:  # the first write after a rewind starts the WAL from its beginning
            s.execute(text("INSERT INTO pages (fill) VALUES (zeroblob(10))"))
        assert _wal_pages(path) < checkpointer.REWIND_PAGES
        with db.read() as s:
            assert s.execute(text("SELECT count(*) FROM pages")).scalar() == 3001
    finally:
        db.dispose()
    # Every committed row is in the database file itself now, not only in the WAL.
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM pages").fetchone()[0] == 3001
    conn.close()


def test_the_thread_ends_when_writes_stop_and_comes_back_with_the_next(tmp_path, monkeypatch):
    monkeypatch.setattr(checkpointer, "IDLE", 0.2)
    db, path = _database(tmp_path)
    try:
        cp = db._checkpointer
        assert _until(lambda: cp._thread is None)
        before = cp.checkpoints
        with db.write() as s:
            s.execute(text("INSERT INTO pages (fill) VALUES (zeroblob(5000))"))
        assert cp._thread is not None
        assert _until(lambda: cp._thread is None)
        assert cp.checkpoints > before  # the write's pages were copied back before the thread ended
    finally:
        db.dispose()


def test_an_in_memory_database_has_no_checkpointer():
    db = Database("sqlite://")
    try:
        assert db._checkpointer is None
    finally:
        db.dispose()
