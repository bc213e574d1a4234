"""`POST /api/v1/todos` (and MCP's `create_todo`) writes on the event loop's own thread on SQLite
(`Database.write_on_loop`): behind a writer of this process it waits in line as a coroutine;
when another connection (another process) holds SQLite's write lock it writes on a worker thread
instead, as it always does on PostgreSQL. The loop never blocks on a lock: other requests are
answered meanwhile, and the waiting write lands once the lock is free, with its event on a chain
that verifies."""
from __future__ import annotations

import asyncio
import sqlite3
import threading

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

import otp.work.api_todos as todos_api
from otp.work import todos as todo_service
from otp.core.db import WriteWouldWait
from otp.events.models import Event
from otp.events.service import verify_chain
from otp.work.models import Todo
from tests.agentface.kit import call, world
from tests.dbs import backend

sqlite_only = pytest.mark.skipif(backend() != "sqlite", reason="SQLite's write lock and inline writes")


@pytest.fixture
def where_todos_are_written(monkeypatch) -> list[str]:
    """The name of the thread each to-do of the REST face is created on."""
    threads: list[str] = []
    real = todo_service.create_todo

    def recording(session, actor, **fields):
        threads.append(threading.current_thread().name)
        return real(session, actor, **fields)
    assert todos_api.todos is todo_service  # the REST face and the MCP tool both call it from here
    monkeypatch.setattr(todo_service, "create_todo", recording)
    return threads


def _post_in_background(org, seat_id: str, title: str) -> tuple[threading.Thread, list]:
    answers: list = []
    poster = threading.Thread(target=lambda: answers.append(
        org.post("/api/v1/todos", {"title": title, "owner_seat_id": seat_id})))
    poster.start()
    return poster, answers


def _the_loop_answers(org) -> bool:
    """Whether a request is answered while the write waits: within 10 s, a third of what a loop
    stuck in SQLite's 30-second busy wait would take."""
    answers: list = []
    asker = threading.Thread(target=lambda: answers.append(org.get("/api/v1/health").status_code))
    asker.start()
    asker.join(timeout=10)
    return answers == [200]


def _todos_titled(db, org_id: str, title: str) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(Todo).where(Todo.org_id == org_id, Todo.title == title))


def test_a_todo_is_written_on_the_loop_on_sqlite_and_on_a_worker_thread_on_postgresql(org, db,
                                                                                     where_todos_are_written):
    created = org.ok("POST", "/api/v1/todos", {"title": "Inline", "owner_seat_id": org.root()["id"]}, status=201)
    assert created["title"] == "Inline"
    on_worker = where_todos_are_written[0].startswith("AnyIO worker thread")
    assert on_worker == (backend() != "sqlite"), where_todos_are_written
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Event).where(
            Event.entity_id == created["id"], Event.action == "todo.created")) == 1
        assert verify_chain(s, org.org_id) is None


def test_an_agents_todo_over_mcp_is_written_on_the_loop_on_sqlite_and_an_approval_still_holds_it(
        org, db, where_todos_are_written):
    w = world(org, level=3)
    answer = call(org, w.token, "create_todo", title="Chase the supplier")
    assert answer["status"] == "done", answer
    on_worker = where_todos_are_written[0].startswith("AnyIO worker thread")
    assert on_worker == (backend() != "sqlite"), where_todos_are_written
    # Level 1 asks for every write: the refusal rolls the to-do back and its approval request is
    # written afterwards, as on a worker thread.
    asking = org.agent("Asking agent", level=1)
    org.seat("Supplier follow-up", parent=w.lead["id"], holder=asking, kind="agent")
    asked = call(org, org.token_for(agent=asking), "create_todo", title="Chase the supplier again")
    assert asked["status"] == "approval_required", asked
    approval = org.ok("GET", f"/api/v1/approvals/{asked['approval']['approval_id']}")
    assert (approval["state"], approval["action"]) == ("pending", "todo.create")
    assert _todos_titled(db, org.org_id, "Chase the supplier again") == 0
    with db.read() as s:
        assert verify_chain(s, org.org_id) is None


@sqlite_only
def test_behind_a_writer_of_this_process_the_todo_waits_in_line_on_the_loop_which_goes_on_serving(
        org, db, where_todos_are_written):
    seat_id = org.root()["id"]
    with db.write() as s:  # this process's writer turn, and SQLite's lock, held by the test
        s.execute(select(1))
        poster, answers = _post_in_background(org, seat_id, "Waited its turn")
        assert _the_loop_answers(org)
        poster.join(timeout=1)
        assert poster.is_alive() and answers == []
    poster.join(timeout=30)
    assert answers[0].status_code == 201, answers[0].text
    assert not where_todos_are_written[0].startswith("AnyIO worker thread"), where_todos_are_written
    assert _todos_titled(db, org.org_id, "Waited its turn") == 1


@sqlite_only
def test_with_the_write_lock_held_by_another_connection_the_loop_goes_on_and_the_todo_lands_after(
        org, db, database_url, where_todos_are_written):
    seat_id = org.root()["id"]
    other = sqlite3.connect(make_url(database_url).database, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # as another process on the same file would
        poster, answers = _post_in_background(org, seat_id, "Landed after the lock")
        assert _the_loop_answers(org)
        poster.join(timeout=1)
        assert poster.is_alive() and answers == []
        other.execute("COMMIT")
    finally:
        other.close()
    poster.join(timeout=30)
    assert answers[0].status_code == 201, answers[0].text
    assert where_todos_are_written == [where_todos_are_written[0]]  # tried once, on a worker thread
    assert where_todos_are_written[0].startswith("AnyIO worker thread")
    assert _todos_titled(db, org.org_id, "Landed after the lock") == 1
    with db.read() as s:
        assert verify_chain(s, org.org_id) is None
    # The lock free again, the next write is back on the loop.
    org.ok("POST", "/api/v1/todos", {"title": "Back inline", "owner_seat_id": seat_id}, status=201)
    assert not where_todos_are_written[-1].startswith("AnyIO worker thread")


@sqlite_only
def test_write_on_loop_refuses_before_doing_anything_while_another_connection_holds_the_lock(isolated_db):
    db = isolated_db
    other = sqlite3.connect(make_url(db.url).database, isolation_level=None)
    ran: list[bool] = []

    async def attempt():
        async with db.write_on_loop():
            ran.append(True)
    try:
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(WriteWouldWait):
            asyncio.run(attempt())
        assert ran == []
        other.execute("COMMIT")
    finally:
        other.close()
    asyncio.run(attempt())  # the lock free, and the turn given back: it writes
    assert ran == [True]
    with db.write():  # and so does a thread after it
        pass


@sqlite_only
def test_a_coroutine_waits_in_line_behind_a_thread_without_blocking_its_loop_and_gives_up_its_place_when_cancelled(
        isolated_db):
    db = isolated_db
    holding, release = threading.Event(), threading.Event()

    def writer():
        with db.write():
            holding.set()
            release.wait(timeout=30)
    thread = threading.Thread(target=writer)
    thread.start()
    assert holding.wait(timeout=30)
    order: list[str] = []

    async def write_in_line(name: str):
        async with db.write_on_loop() as s:
            s.connection().exec_driver_sql("select 1")
            order.append(name)

    async def main():
        first = asyncio.create_task(write_in_line("first"))
        cancelled = asyncio.create_task(write_in_line("cancelled"))
        last = asyncio.create_task(write_in_line("last"))
        for _ in range(20):  # the loop runs other work while all three wait in line
            await asyncio.sleep(0.01)
        assert order == [] and not first.done()
        cancelled.cancel()
        release.set()  # the thread's turn ends: the line moves on, past the cancelled one
        await asyncio.wait_for(asyncio.gather(first, last), timeout=30)
        with pytest.raises(asyncio.CancelledError):
            await cancelled
    try:
        asyncio.run(main())
    finally:
        release.set()
        thread.join(timeout=30)
    assert order == ["first", "last"]
    with db.write():  # nobody holds the turn any more
        pass
