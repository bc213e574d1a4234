"""Periodic worker tasks. Each domain registers its own; `otp worker` and the in-process tick
of `otp serve` call them all (otp.worker.tasks loads every domain's jobs module: this module
knows no domain). A task claims its own due rows atomically (the database is the
queue) and returns how many it handled, so two workers never do the same job twice.

    @periodic("drift.check")
    def check(db: Database, now: datetime) -> int: ...
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from otp.core import telemetry

_TASKS: dict[str, "Task"] = {}


@dataclass(frozen=True)
class Task:
    name: str
    fn: Callable  # (db, now) -> int
    every: float | None = None  # seconds: also run this often between ticks (a fast task)


def periodic(name: str, every: float | None = None) -> Callable[[Callable], Callable]:
    """`every`: a fast task, run every `every` seconds between the worker's ticks too (cheap
    polls whose latency matters, such as starting a woken agent's run)."""
    def register(fn: Callable) -> Callable:
        _TASKS[name] = Task(name, fn, every)
        return fn
    return register


def registered() -> list[Task]:
    """The tasks registered so far (otp.worker.tasks.tasks() loads every domain's first)."""
    return list(_TASKS.values())


def run(task: Task, db, now: datetime) -> int:
    """Run one task once; with tracing on, inside a `job {name}` span holding the count."""
    if not telemetry.ENABLED:
        return task.fn(db, now)
    with telemetry.job(task.name) as span:
        count = task.fn(db, now)
        span.set({"otp.job.count": count if isinstance(count, int) else None})
        return count
