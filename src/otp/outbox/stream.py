"""The live event stream (server-sent events), read from the database so any app instance can
serve any client, and resumable: the SSE id of each event is its per-organization `seq`.

Why seq and not the global id: `events.service.record` assigns seq while holding a row lock on
the organization's chain head (event_chains), and keeps it until commit. So a transaction with
seq n+1 cannot commit before the one with seq n has, and a rolled-back transaction gives its
seq back (no gaps). A reader that sees seq n+1 therefore already sees seq n: polling
`seq > last_sent` never skips an event. The global id has no such property — it comes from a
sequence/autoincrement whose values commit out of order across organizations, and PostgreSQL
leaves gaps — so a reader tracking "id > last" could pass over an event that commits late.

Each poll reads the chain head first, then events up to it; everything up to the head has
committed, so a filtered stream can move its position to the head when nothing more matches.

A stream ends on client disconnect (Starlette cancels it), on server shutdown, and after
MAX_SECONDS (bounded work per connection; token revocation takes effect on reconnect). The
`retry:` field tells EventSource clients to reconnect quickly, sending Last-Event-ID.
"""
from __future__ import annotations

import json
import signal
import threading
import time
from typing import AsyncIterator

import anyio
from sqlalchemy import select

from otp.core.db import Database
from otp.events.models import Event, EventChain
from otp.events.query import event_dict

POLL_SECONDS = 0.5
KEEPALIVE_SECONDS = 15.0
MAX_SECONDS = 300.0
RETRY_MS = 1000
BATCH = 200

_stopping = threading.Event()
_active = 0  # open streams in this process (a gauge; tests use it to see a stream really ended)
_active_lock = threading.Lock()  # several servers (event loops) may share a process


def shutdown() -> None:
    """Ask every open stream in this process to end (call before stopping the server)."""
    _stopping.set()


def reset() -> None:
    _stopping.clear()


def active_streams() -> int:
    return _active


def server_exiting() -> bool:
    """True once shutdown() was called, or once uvicorn (running in the main thread) has been asked
    to exit: its signal handler is a bound method of the Server. Uvicorn waits for open responses
    before it finishes shutting down, so a stream that did not notice would hold it up forever."""
    if _stopping.is_set():
        return True
    server = getattr(signal.getsignal(signal.SIGTERM), "__self__", None)
    return bool(getattr(server, "should_exit", False))


def head_seq(db: Database, org_id: str) -> int:
    with db.read() as s:
        return s.execute(select(EventChain.seq).where(EventChain.org_id == org_id)).scalar_one_or_none() or 0


def fetch(db: Database, org_id: str, after: int, action: str | None, entity_type: str | None,
          limit: int = BATCH) -> tuple[list[dict], int]:
    """Events after `after` (seq) matching the filters, and the position to poll from next."""
    with db.read() as s:
        head = s.execute(select(EventChain.seq).where(EventChain.org_id == org_id)).scalar_one_or_none() or 0
        q = select(Event).where(Event.org_id == org_id, Event.seq > after, Event.seq <= head)
        if action:
            q = q.where(Event.action.startswith(action[:-1], autoescape=True) if action.endswith("*")
                        else Event.action == action)
        if entity_type:
            q = q.where(Event.entity_type == entity_type)
        rows = [event_dict(e) for e in s.execute(q.order_by(Event.seq).limit(limit)).scalars()]
    return rows, (rows[-1]["seq"] if len(rows) == limit else max(head, after))


def frame(event: dict) -> str:
    # `event: <action>` lets a client listen for one kind (EventSource.addEventListener("issue.raised"))
    # without parsing every data line; actions are dotted names and never hold a newline.
    return (f"id: {event['seq']}\nevent: {event['action']}\n"
            f"data: {json.dumps(event, separators=(',', ':'))}\n\n")


async def event_stream(db: Database, org_id: str, after: int, *, action: str | None = None,
                       entity_type: str | None = None) -> AsyncIterator[str]:
    global _active
    with _active_lock:
        _active += 1
    try:
        yield f"retry: {RETRY_MS}\n\n"  # sends the headers at once, so the client knows it is connected
        started = last_write = time.monotonic()
        while not server_exiting() and time.monotonic() - started < MAX_SECONDS:
            # The query is synchronous; a worker thread keeps the event loop free for other clients.
            rows, after = await anyio.to_thread.run_sync(fetch, db, org_id, after, action, entity_type)
            for event in rows:
                yield frame(event)
            if rows:
                last_write = time.monotonic()
                if len(rows) == BATCH:
                    continue  # a backlog: drain it before sleeping
            elif time.monotonic() - last_write >= KEEPALIVE_SECONDS:
                yield ": keep-alive\n\n"  # a comment: keeps proxies from closing an idle connection
                last_write = time.monotonic()
            await anyio.sleep(POLL_SECONDS)
    finally:
        # Reached on every exit: the end of the loop, shutdown, or the client's disconnect
        # (Starlette cancels the response task, raising CancelledError at an await above).
        with _active_lock:
            _active -= 1
