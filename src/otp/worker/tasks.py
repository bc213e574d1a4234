"""Every domain's periodic tasks: each domain's jobs module (otp.domains, the one declared list
of domains) registers its own with otp.core.jobs; they are loaded here, above every domain, so
the core depends on nothing above it."""
from __future__ import annotations

from datetime import datetime

from otp.core.jobs import Task, registered, run
from otp.domains import submodules


def tasks() -> list[Task]:
    submodules("jobs")  # importing registers
    return registered()


def fast_tasks() -> list[Task]:
    return [task for task in tasks() if task.every is not None]


def run_all(db, now: datetime) -> dict[str, int]:
    return {task.name: run(task, db, now) for task in tasks()}
