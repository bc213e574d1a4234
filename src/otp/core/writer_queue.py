"""A first-come, first-served lock: the one writer per process in front of SQLite's write lock.

SQLite lets one transaction write at a time. Threads that all ask for the write lock with
BEGIN IMMEDIATE wait in SQLite's busy handler, which sleeps and retries with growing pauses (1,
2, 5 … 100 ms): a writer arriving while another holds the lock may sleep long after the lock is
free, and a lucky late-comer may slip in first. At 16 concurrent writers that turned into a p99
of one to two seconds with no more throughput than one writer. Here the threads of one process
wait in line instead, and the lock passes straight to the next in line when it is released:
no sleeping past a free lock, no overtaking. Other processes on the same file still meet at
SQLite's own lock (and its busy timeout), as before.

The holder may take it again on its own thread (a nested write then waits in SQLite, as it
would have without this queue, instead of deadlocking here).
"""
from __future__ import annotations

import threading
from collections import deque
from contextlib import contextmanager
from typing import Iterator


class WriterQueue:
    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._waiting: deque[threading.Lock] = deque()
        self._owner: int | None = None

    @contextmanager
    def turn(self, timeout: float) -> Iterator[None]:
        """Wait for this thread's turn (at most `timeout` seconds; past that, go on and let
        SQLite's busy timeout decide, so a stuck holder never makes this queue the failure)."""
        me = threading.get_ident()
        if self._owner == me:  # nested on the holder's own thread
            yield
            return
        held = self._acquire(me, timeout)
        try:
            yield
        finally:
            if held:
                self._release()

    def try_turn(self) -> bool:
        """Take the turn if nobody holds it and nobody waits for it; never waits. A True must be
        paired with `release()`."""
        with self._mutex:
            if self._owner is None and not self._waiting:
                self._owner = threading.get_ident()
                return True
            return False

    def release(self) -> None:
        self._release()

    def _acquire(self, me: int, timeout: float) -> bool:
        with self._mutex:
            if self._owner is None and not self._waiting:
                self._owner = me
                return True
            ticket = threading.Lock()
            ticket.acquire()
            self._waiting.append(ticket)
        if ticket.acquire(timeout=timeout):
            self._owner = me  # handed over by _release, which left the queue held for us
            return True
        with self._mutex:
            try:
                self._waiting.remove(ticket)
                return False
            except ValueError:  # handed over between the timeout and the mutex: it is ours
                self._owner = me
                return True

    def _release(self) -> None:
        with self._mutex:
            if self._waiting:
                self._owner = -1  # held on behalf of the next in line until it wakes
                self._waiting.popleft().release()
            else:
                self._owner = None
