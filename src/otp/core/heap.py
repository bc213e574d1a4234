"""Keep the garbage collector off the long-lived heap of a serving process.

A serving process holds a few hundred thousand objects that live as long as it does: imported
modules, FastAPI routes with their pydantic validators and serializers (FastAPI builds each
route's effective handler, about 1,200 more TypeAdapters, when the first request is routed),
SQLAlchemy mappers, the MCP server's tool schemas. CPython's full (generation 2) collection walks
all of them each time it runs, and requests that keep a page's rows alive long enough trigger
one every few dozen requests. bench_pages measured each at 150-290 ms on a 1,000-seat
organization: the p99 of pages whose median is 12 ms.

Freezing moves every live object to the permanent generation, which collections skip; a
request's own garbage is still collected as before, and objects freed by reference counting
are freed as usual. Only cycles among frozen objects would stay, and those objects are meant to
stay.

When to freeze: much of the long-lived heap is built lazily by the first requests, not at
start-up. FastAPI builds an included router's route handlers (with their TypeAdapters) when
routing first walks into that router; Jinja compiles a template on its first render; SQLAlchemy
caches compiled statements on first use. So the heap is frozen after the 1st, 10th, 100th and
1,000th HTTP response, each time after a collection, so only what is still alive is kept. A
request in flight at that moment may leave a cycle in the permanent generation; with four
freezes that is bounded and small.

Only when app.state.freeze_heap is set: `otp serve` and `otp demo` set it, and so do the
benchmarks that stand in for them. Off by default: tests build many apps in one process, and
freezing for each would keep every test's cyclic garbage for the life of the run.
"""
from __future__ import annotations

import gc


def freeze_live_heap() -> int:
    """Collect the garbage there is, then exempt everything still alive from collection.

    Returns how many objects are frozen (for logs and benchmarks)."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


FREEZE_AFTER_RESPONSES = frozenset({1, 10, 100, 1_000})


class FreezeHeapAsItSettles:
    """ASGI middleware: freeze the heap after the 1st, 10th, 100th and 1,000th HTTP response,
    if the app asks for it (app.state.freeze_heap)."""

    def __init__(self, app, state) -> None:
        self.app = app
        self.state = state
        self.responses = 0

    async def __call__(self, scope, receive, send) -> None:
        await self.app(scope, receive, send)
        if scope["type"] != "http" or self.responses > 1_000 or not getattr(self.state, "freeze_heap", False):
            return
        self.responses += 1
        if self.responses in FREEZE_AFTER_RESPONSES:
            freeze_live_heap()
