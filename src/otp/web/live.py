"""Live pages: one server-sent-events mechanism for every page that follows changes without a
reload (the meeting runner, the home page, the approvals list).

The stream never carries the page's content, only a signal: `event: changed` with an opaque
version, upon which the page re-fetches its own region with an ordinary GET (hx-get + hx-select).
So what a browser learns through the stream is exactly what the page would show it, under the
same checks, and the version is computed by each page's `watch` function from what *that actor*
sees (approvals routed to them, their organization only).

Cheap while idle, so an open tab costs nearly nothing:
- one short read per poll (the session, and the organization's event-chain head, or a meeting's
  version); the page's own query runs only when the chain head moved (`on_new_events`);
- the database connection is returned after each read, never held between polls;
- the poll runs in the thread pool only for the query itself; between polls the stream awaits
  on the event loop, so an open tab holds no worker thread.

It ends when the session is signed out, expires or goes idle (checked on every poll, then
`event: end` tells the page to stop reconnecting), when the thing watched ends (`final`), on
server shutdown, on client disconnect, and after MAX_SECONDS (the browser reconnects, sending
Last-Event-ID, so it is told only about what changed after the version it last saw).
"""
from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from typing import Any, Callable

import anyio
from fastapi import Request
from fastapi.responses import StreamingResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.auth import sessions
from otp.auth.actor import Actor
from otp.core.errors import OTPError
from otp.events.models import EventChain
from otp.outbox.stream import server_exiting
from otp.web import signed_in

POLL_SECONDS = 1.0
KEEPALIVE_SECONDS = 15.0
MAX_SECONDS = 300.0
RETRY_MS = 1000


@dataclass(frozen=True)
class Look:
    """What a page's watcher saw: its version (None: the thing watched is gone) and whether it
    can change any more (an ended meeting cannot)."""
    version: str | None
    final: bool = False


Watch = Callable[[Session, Actor], Look]


def fingerprint(value: Any) -> str:
    """A short, stable version of whatever identifies what a page shows (ids, states)."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def on_new_events(compute: Watch) -> Watch:
    """Run `compute` only when the organization's event chain has moved since the last poll.

    Every change in an organization records an event in the same transaction, so an unmoved
    head means nothing the page shows can have changed; the idle cost is one primary-key read.
    The head is read before `compute`, so `compute` sees at least everything up to it."""
    last: dict[str, Any] = {}

    def watch(s: Session, actor: Actor) -> Look:
        head = s.execute(select(EventChain.seq).where(EventChain.org_id == actor.org_id)).scalar_one_or_none() or 0
        key = (head, actor.id, actor.role)
        if last.get("key") != key:
            last["key"], last["look"] = key, compute(s, actor)
        return last["look"]
    return watch


def _poll(request: Request, cookie: str | None, watch: Watch) -> Look | None:
    """One poll: None when the session no longer signs anyone in; otherwise what the watcher saw,
    as the session's current actor (a changed role counts at once)."""
    with request.app.state.db.read() as s:
        try:
            actor = sessions.resolve(s, cookie).actor
        except OTPError:
            return None
        return watch(s, actor)


def stream(request: Request, watch: Watch, since: str = "") -> StreamingResponse:
    """The response for a page's live URL. `since` is the version the page was rendered at (its
    `?v=`); a reconnecting browser's Last-Event-ID wins, being the last version it was told."""
    seen = request.headers.get("last-event-id") or since
    cookie = signed_in.cookie_id(request)

    async def events():
        nonlocal seen
        yield f"retry: {RETRY_MS}\n\n"  # sends the headers at once, so the client knows it is connected
        started = last_write = time.monotonic()
        while not server_exiting() and time.monotonic() - started < MAX_SECONDS:
            look = await anyio.to_thread.run_sync(_poll, request, cookie, watch)
            if look is None or look.version is None:
                yield "event: end\ndata: \n\n"  # signed out, or the thing is gone: stop reconnecting
                return
            if look.version != seen:
                seen, last_write = look.version, time.monotonic()
                yield f"id: {seen}\nevent: changed\ndata: {seen}\n\n"
            elif time.monotonic() - last_write >= KEEPALIVE_SECONDS:
                yield ": keep-alive\n\n"  # keeps proxies from closing an idle connection
                last_write = time.monotonic()
            if look.final:
                yield "event: end\ndata: \n\n"
                return
            await anyio.sleep(POLL_SECONDS)

    return StreamingResponse(events(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


def version_of(request: Request, watch: Watch) -> str:
    """The version a page is rendered at, for its live URL (so a change between the render and
    the stream's first poll is not missed)."""
    look = _poll(request, signed_in.cookie_id(request), watch)
    return (look.version if look else None) or ""
