"""A write asked for on an event loop's own thread: there when it can be, else on a worker thread.

On SQLite a governed write is CPU work in this process (well under a millisecond of SQL), so the
hop to a worker thread, and the threads' fight over the GIL after it, cost more than the write.
Here it waits for its turn among this process's writers as a coroutine (the loop serves other
requests meanwhile) and then runs right on the loop (`Database.write_on_loop`); at 16 concurrent
writers the loop hands the lock from one request to the next with no thread to wake in between.
When another process holds SQLite's write lock, and always on PostgreSQL (whose statements wait
on the network), it runs on a worker thread, where waiting stalls nobody else. Same transaction,
same events, same errors either way.
"""
from __future__ import annotations

from typing import Callable, TypeVar

import anyio.to_thread
from sqlalchemy.orm import Session

from otp.core.db import Database, WriteWouldWait

T = TypeVar("T")


async def write_from_loop(db: Database, work: Callable[[Session], T]) -> T:
    """`work(session)` in one write transaction, as `Database.write()` runs it."""
    if db.reads_inline:  # SQLite in WAL mode, where a write on the loop can be cheap and safe
        try:
            async with db.write_on_loop() as session:
                return work(session)
        except WriteWouldWait:
            pass
        except Exception as exc:
            if getattr(exc, "persist_after_rollback", None) is None:
                raise
            # What the refusal leaves behind is written as write() writes it; by now another
            # writer may hold the lock, so on a worker thread.
            await anyio.to_thread.run_sync(db.persist_after_rollback, exc)
            raise
    return await anyio.to_thread.run_sync(_write, db, work)


def _write(db: Database, work: Callable[[Session], T]) -> T:
    with db.write() as session:
        return work(session)
