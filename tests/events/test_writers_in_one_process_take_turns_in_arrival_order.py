"""Writers of one process wait for SQLite's write lock in line, first come first served, and the
lock passes to the next in line at once (otp.core.writer_queue): nobody overtakes, nobody sleeps
past a free lock, a nested write on the holder's thread does not deadlock, and 16 threads writing
at once all get their rows and events in."""
from __future__ import annotations

import threading
import time

from sqlalchemy import func, select

from otp.auth.tokens import person_actor
from otp.core.writer_queue import WriterQueue
from otp.events.models import Event
from otp.events.service import verify_chain
from otp.work import todos
from otp.work.models import Todo


def test_waiting_writers_get_their_turn_in_the_order_they_arrived():
    queue, order, arrived = WriterQueue(), [], []
    first_in = threading.Event()

    def writer(n: int) -> None:
        arrived.append(n)
        with queue.turn(timeout=30):
            if n == 0:
                first_in.set()
                while len(arrived) < 8:  # hold the lock until every other writer is waiting
                    time.sleep(0.001)
                time.sleep(0.05)
            order.append(n)
        if n == 0:  # straight back in line: behind everyone already waiting, not ahead of them
            with queue.turn(timeout=30):
                order.append("0 again")

    threads = [threading.Thread(target=writer, args=(0,))]
    threads[0].start()
    first_in.wait(5)
    for n in range(1, 8):
        t = threading.Thread(target=writer, args=(n,))
        t.start()
        threads.append(t)
        while len(arrived) <= n:  # arrive one after the other, in a known order
            time.sleep(0.001)
        time.sleep(0.01)  # and be waiting before the next one arrives
    for t in threads:
        t.join(10)
    assert order == list(range(8)) + ["0 again"]


def test_the_holder_may_write_again_on_its_own_thread_without_waiting_for_itself():
    queue = WriterQueue()
    with queue.turn(timeout=1):
        started = time.monotonic()
        with queue.turn(timeout=1):
            pass
        assert time.monotonic() - started < 0.5
    with queue.turn(timeout=1):  # and it was released: the next turn is free at once
        pass


def test_a_writer_that_waits_past_its_timeout_goes_on_and_the_line_still_moves():
    queue, done = WriterQueue(), []
    holder_in, release = threading.Event(), threading.Event()

    def holder():
        with queue.turn(timeout=1):
            holder_in.set()
            release.wait(5)

    t = threading.Thread(target=holder)
    t.start()
    holder_in.wait(5)
    with queue.turn(timeout=0.05):  # timed out: goes on (SQLite's busy timeout decides from here)
        done.append("late")
    release.set()
    t.join(5)
    with queue.turn(timeout=1):
        done.append("next")
    assert done == ["late", "next"]


def test_sixteen_threads_writing_at_once_lose_nothing(org, db):
    seat_id = org.root()["id"]
    with db.read() as s:
        actor = person_actor(s, org.owner_id, org.org_id)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(10):
                with db.write() as s:
                    todos.create_todo(s, actor, title=f"Writer {n} to-do {i}", owner_seat_id=seat_id)
        except BaseException as exc:  # noqa: BLE001  any failure is the test's failure
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    with db.read() as s:
        assert s.execute(select(func.count()).select_from(Todo).where(Todo.org_id == org.org_id)).scalar_one() == 160
        assert s.execute(select(func.count()).select_from(Event).where(
            Event.org_id == org.org_id, Event.action == "todo.created")).scalar_one() == 160
        assert verify_chain(s, org.org_id) is None
