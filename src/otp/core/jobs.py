"""Periodic worker tasks. Each domain registers its own; `otp worker` and the in-process tick
of `otp serve` call them all. A task claims its own due rows atomically (the database is the
queue) and returns how many it handled, so two workers never do the same job twice.

    @periodic("drift.check")
    def check(db: Database, now: datetime) -> int: ...
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

_TASKS: dict[str, "Task"] = {}


@dataclass(frozen=True)
class Task:
    name: str
    fn: Callable  # (db, now) -> int


def periodic(name: str) -> Callable[[Callable], Callable]:
    def register(fn: Callable) -> Callable:
        _TASKS[name] = Task(name, fn)
        return fn
    return register


def tasks() -> list[Task]:
    from otp.domains import submodules
    submodules("jobs")  # importing registers
    return list(_TASKS.values())


def run_all(db, now: datetime) -> dict[str, int]:
    return {task.name: task.fn(db, now) for task in tasks()}
