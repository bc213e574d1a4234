"""The in-process worker tick of `otp serve`, entered by the app lifespan (one per app instance).

`otp serve` sets app.state.run_worker (on by default; off with --no-worker or OTP_WORKER=external,
when `otp worker` runs as its own process). Either way the instance flushes its own in-memory
allow counts: they live in this process and no other worker can see them.
"""
from __future__ import annotations

import asyncio
import logging
import time
from contextlib import asynccontextmanager, suppress

from fastapi import FastAPI

INTERVAL_SECONDS = 5.0
log = logging.getLogger("otp.worker")


@asynccontextmanager
async def lifespan(app: FastAPI):
    db = app.state.db

    def once() -> None:
        from otp.core import clock
        if getattr(app.state, "run_worker", False):
            from otp.worker.loop import tick
            tick(db)
        else:
            from otp.governance.jobs import flush_allow_counts
            flush_allow_counts(db, clock.now())

    def fast() -> None:
        if getattr(app.state, "run_worker", False):
            from otp.worker.loop import tick_fast
            tick_fast(db)

    async def loop() -> None:
        from otp.worker.tasks import fast_tasks
        poll = min([t.every for t in fast_tasks()] or [INTERVAL_SECONDS])
        next_tick = time.monotonic() + getattr(app.state, "worker_interval", INTERVAL_SECONDS)
        while True:
            await asyncio.sleep(max(0.0, min(poll, next_tick - time.monotonic())))
            try:
                if time.monotonic() >= next_tick:
                    await asyncio.to_thread(once)
                    next_tick = time.monotonic() + getattr(app.state, "worker_interval", INTERVAL_SECONDS)
                else:
                    await asyncio.to_thread(fast)
            except Exception:  # noqa: BLE001 - the next tick tries again
                log.exception("worker tick failed")

    task = asyncio.create_task(loop())
    try:
        yield
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task
