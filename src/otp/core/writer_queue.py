"""A first-come, first-served lock: the one writer per process in front of SQLite's write lock.

SQLite lets one transaction write at a time. Threads that all ask for the write lock with
BEGIN IMMEDIATE wait in SQLite's busy handler, which sleeps and retries with growing pauses (1,
2, 5 … 100 ms): a writer arriving while another holds the lock may sleep long after the lock is
free, and a lucky late-comer may slip in first. At 16 concurrent writers that turned into a p99
of one to two seconds with no more throughput than one writer. Here the threads of one process
wait in line instead, and the lock passes straight to the next in line when it is released:
no sleeping past a free lock, no overtaking. Other processes on the same file still meet at
SQLite's own lock (and its busy timeout), as before.

A coroutine on an event loop waits in the same line without blocking its loop (`turn_on_loop`):
OTP's hot writes run on the loop on SQLite (otp.core.loop_writes), and a loop waiting on a lock
would stall every request it serves.

The holder may take it again on its own thread (a nested write then waits in SQLite, as it
would have without this queue, instead of deadlocking here).
"""
from __future__ import annotations

import asyncio
import threading
from collections import deque
from contextlib import contextmanager
from typing import Iterator


class WriterQueue:
    def __init__(self) -> None:
        self._mutex = threading.Lock()
        # Threads wait on a lock of their own; coroutines on an event loop, on a future.
        self._waiting: deque[threading.Lock | asyncio.Future] = deque()
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
                self.release()

    def try_turn(self) -> bool:
        """Take the turn if nobody holds it and nobody waits for it; never waits. A True must be
        paired with `release()`."""
        with self._mutex:
            if self._owner is None and not self._waiting:
                self._owner = threading.get_ident()
                return True
            return False

    async def turn_on_loop(self, timeout: float) -> bool:
        """Wait in line for the turn as a coroutine on an event loop, which goes on serving while
        it waits; True once held (pair it with `release()`), False after `timeout` seconds."""
        with self._mutex:
            if self._owner is None and not self._waiting:
                self._owner = threading.get_ident()
                return True
            ticket = asyncio.get_running_loop().create_future()
            self._waiting.append(ticket)
        try:
            async with asyncio.timeout(timeout):
                await ticket
        except BaseException as exc:  # timed out, or the request was cancelled while in line
            with self._mutex:
                handed_over = ticket not in self._waiting
                if not handed_over:
                    self._waiting.remove(ticket)
            if handed_over:  # the turn came as we gave up: pass it on
                self.release()
            if isinstance(exc, TimeoutError):
                return False
            raise
        self._owner = threading.get_ident()
        return True

    def _acquire(self, me: int, timeout: float) -> bool:
        with self._mutex:
            if self._owner is None and not self._waiting:
                self._owner = me
                return True
            ticket = threading.Lock()
            ticket.acquire()
            self._waiting.append(ticket)
        if ticket.acquire(timeout=timeout):
            self._owner = me  # handed over by release(), which left the queue held for us
            return True
        with self._mutex:
            try:
                self._waiting.remove(ticket)
                return False
            except ValueError:  # handed over between the timeout and the mutex: it is ours
                self._owner = me
                return True

    def release(self) -> None:
        """Pass the turn to the next in line, or free it."""
        with self._mutex:
            while self._waiting:
                ticket = self._waiting.popleft()
                self._owner = -1  # held on behalf of the next in line until it wakes
                if isinstance(ticket, asyncio.Future):
                    try:
                        ticket.get_loop().call_soon_threadsafe(_wake, ticket)
                    except RuntimeError:  # its loop has closed: nobody is there to take the turn
                        continue
                else:
                    ticket.release()
                return
            self._owner = None


def _wake(ticket: asyncio.Future) -> None:
    if not ticket.done():  # a waiter that gave up meanwhile has cancelled it
        ticket.set_result(None)
