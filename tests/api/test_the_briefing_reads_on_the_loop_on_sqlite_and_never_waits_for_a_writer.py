"""The briefing's read runs on the event loop's own thread on SQLite in WAL mode (a worker thread
on PostgreSQL), on a connection kept for that purpose outside the shared pool; it never waits for
a writer nor for the pool, and a second thread wanting that connection meanwhile gets its own."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.exc import TimeoutError

import otp.agentface.api as agent_api
from otp.core import clock
from otp.core.db import Database
from otp.core.migrate import upgrade
from otp.work.models import Todo
from tests.agentface.kit import world
from tests.dbs import backend


def test_the_briefing_runs_on_the_loop_on_sqlite_and_on_a_worker_thread_on_postgresql(org, db, monkeypatch):
    w = world(org)
    threads: list[str] = []

    def recording(session, actor, since=None):
        threads.append(threading.current_thread().name)
        return real(session, actor, since)
    real = agent_api.briefing
    monkeypatch.setattr(agent_api, "briefing", recording)
    org.ok("GET", "/api/v1/me/briefing", token=w.token)
    assert db.reads_inline == (backend() == "sqlite")
    on_worker = threads[0].startswith("AnyIO worker thread")
    assert on_worker == (not db.reads_inline), threads


def test_a_briefing_answers_while_a_writer_holds_its_lock_and_does_not_see_its_uncommitted_change(org, db):
    w = world(org)
    due = (clock.now() + timedelta(hours=2)).isoformat()
    org.ok("POST", "/api/v1/todos", {"title": "Committed", "owner_seat_id": w.seat["id"], "due_at": due}, status=201)
    org.ok("GET", "/api/v1/me/briefing", token=w.token)  # the token's last use is now recorded: no write due
    answers: list = []
    with db.write() as s:
        s.execute(update(Todo).where(Todo.owner_seat_id == w.seat["id"]).values(title="Uncommitted"))
        reader = threading.Thread(target=lambda: answers.append(
            org.get("/api/v1/me/briefing", token=w.token)))
        reader.start()
        reader.join(timeout=20)  # a read waiting for this writer would wait out SQLite's 30 s busy timeout
        assert not reader.is_alive(), "the briefing waited for a writer"
    response = answers[0]
    assert response.status_code == 200
    assert [todo["title"] for todo in response.json()["due_todos"]] == ["Committed"]


def test_a_second_thread_reads_on_a_connection_of_its_own_while_the_kept_one_is_in_use(isolated_db):
    db = isolated_db
    holding, release, seen = threading.Event(), threading.Event(), {}

    def first():
        with db.read_inline() as s:
            seen["first"] = s.connection().connection.driver_connection
            holding.set()
            release.wait(timeout=30)
    thread = threading.Thread(target=first)
    thread.start()
    try:
        assert holding.wait(timeout=30)
        with db.read_inline() as s:  # does not wait for the first thread
            seen["second"] = s.connection().connection.driver_connection
            assert s.connection().exec_driver_sql("select 1").scalar_one() == 1
    finally:
        release.set()
        thread.join(timeout=30)
    assert seen["first"] is not seen["second"]
    with db.read_inline() as s:  # free again: the kept connection
        assert s.connection().connection.driver_connection is seen["first"]
    db.dispose()  # closes the kept connection too; the next inline read opens a new one
    with db.read_inline() as s:
        assert s.connection().exec_driver_sql("select 1").scalar_one() == 1


def test_an_inline_read_never_waits_for_a_pool_that_worker_threads_hold(tmp_path):
    url = f"sqlite:///{tmp_path}/drained.sqlite3"
    upgrade(url)
    db = Database(url, pool_size=1, max_overflow=0, pool_timeout=2)
    held = db.engine.connect()  # the whole shared pool, as busy worker threads would hold it
    try:
        with pytest.raises(TimeoutError):
            db.engine.connect()  # the pool is indeed drained
        assert db.reads_inline
        with db.read_inline() as s:
            assert s.connection().exec_driver_sql("select 1").scalar_one() == 1
    finally:
        held.close()
        db.dispose()


def test_an_in_memory_sqlite_database_is_not_read_inline():
    db = Database("sqlite://")
    assert db.reads_inline is False  # its journal is not WAL: a reader could wait for a writer
    db.dispose()
