"""One dispatch step, and the threads that carry each started run to its end.

A step: reap runs whose lease ran out, turn new events and inbox items into wakes, queue the
scheduled runs that are due, then claim as many due runs as this process has free slots and
start each in its own supervising thread. The worker calls a step every tick and, between
ticks, every OTP_RUN_POLL_SECONDS (see jobs.py), so a wake starts within a fraction of a second.

Supervising threads are not daemons: a worker asked to stop (SIGTERM) lets its runs finish —
or reach their time limit — before it exits; one killed outright leaves leases that run out,
and its runs end abandoned.
"""
from __future__ import annotations

import logging
import os
import threading
from datetime import datetime

from otp.core import clock
from otp.core.db import Database
from otp.core.ids import new_id
from otp.runs import ending, queue

log = logging.getLogger("otp.runs")
WORKER_ID = f"{queue.HOST[:40]}:{os.getpid()}:{new_id('w')[-8:]}"
_live: dict[str, threading.Thread] = {}
_lock = threading.Lock()


def slots() -> int:
    try:
        return max(1, int(os.environ.get("OTP_RUN_SLOTS", "16")))
    except ValueError:
        return 16


def free_slots() -> int:
    with _lock:
        for run_id in [r for r, t in _live.items() if not t.is_alive()]:
            del _live[run_id]
        return slots() - len(_live)


def _carry(db: Database, run_id: str, worker: str) -> None:
    try:
        started = ending.begin(db, run_id, worker)
        if started is None:
            return
        if started.adapter == "http":
            from otp.runs import http_adapter
            http_adapter.execute(db, started, worker)
        elif started.adapter == "command":
            from otp.runs import command
            command.execute(db, started, worker)
        else:
            ending.finish(db, run_id, worker, state="failed", detail=f"adapter {started.adapter} is not run by OTP")
    except Exception:  # noqa: BLE001 - the lease runs out and the run ends abandoned
        log.exception("run %s failed in its worker", run_id)


def start_due(db: Database, now: datetime | None = None, *, org_id: str | None = None,
              worker: str = WORKER_ID) -> list[str]:
    """Claim due runs for the free slots and start them; returns the run ids claimed."""
    now = now or clock.now()
    claimed = queue.claim(db, now, worker, free_slots(), org_id=org_id)
    for run_id in claimed:
        thread = threading.Thread(target=_carry, args=(db, run_id, worker), name=f"otp-run-{run_id}")
        with _lock:
            _live[run_id] = thread
        thread.start()
    return claimed


def step(db: Database, now: datetime | None = None, *, org_id: str | None = None) -> int:
    from otp.runs import schedule, wakes
    now = now or clock.now()
    queue.reap(db, now, org_id=org_id)
    wakes.scan(db, now, org_id=org_id)
    schedule.queue_due(db, now, org_id=org_id)
    return len(start_due(db, org_id=org_id))  # now again: what was just queued is due


def wait(timeout: float = 60.0) -> bool:
    """Wait for this process's runs to end (tests, `otp worker --once`). True if all ended."""
    import time
    deadline = time.monotonic() + timeout
    while True:
        with _lock:
            threads = list(_live.values())
        if not any(t.is_alive() for t in threads):
            return True
        if time.monotonic() > deadline:
            return False
        for t in threads:
            t.join(max(0.0, min(0.2, deadline - time.monotonic())))
