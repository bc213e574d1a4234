"""One tick runs every registered task once; the loop ticks every `interval` seconds.

A failing task is logged and does not stop the others: one domain's bug must not stall
approval deadlines or escalation SLAs. Tasks claim their own rows atomically, so any number of
workers (and in-process ticks of `otp serve`) may run against one database.
"""
from __future__ import annotations

import logging
import threading
import time
from datetime import datetime

from otp.core import clock
from otp.core.db import Database
from otp.core.jobs import run as run_task
from otp.worker.tasks import fast_tasks, tasks

log = logging.getLogger("otp.worker")
DEFAULT_INTERVAL = 5.0


def tick(db: Database, now: datetime | None = None) -> dict[str, int | str]:
    now = now or clock.now()
    out: dict[str, int | str] = {}
    for task in tasks():
        try:
            out[task.name] = run_task(task, db, now)
        except Exception as exc:  # noqa: BLE001 - keep the other tasks running
            log.exception("worker task %s failed", task.name)
            out[task.name] = f"error: {exc.__class__.__name__}: {exc}"
    return out


def tick_fast(db: Database) -> None:
    """Between ticks: only the fast tasks (see otp.core.jobs.periodic's `every`)."""
    now = clock.now()
    for task in fast_tasks():
        try:
            run_task(task, db, now)
        except Exception:  # noqa: BLE001 - the next poll tries again
            log.exception("worker task %s failed", task.name)


def run(db: Database, *, interval: float = DEFAULT_INTERVAL, stop: threading.Event | None = None,
        once: bool = False) -> dict[str, int | str]:
    stop = stop or threading.Event()
    result = tick(db)
    fast = min([t.every for t in fast_tasks()] or [interval])
    next_tick = time.monotonic() + interval
    while not once and not stop.wait(min(fast, max(0.0, next_tick - time.monotonic()))):
        if time.monotonic() >= next_tick:
            result = tick(db)
            next_tick = time.monotonic() + interval
        else:
            tick_fast(db)
    return result
