"""Worker task: one dispatch step (see dispatch.py). Registered as a fast task: the worker runs
it every OTP_RUN_POLL_SECONDS (default 0.25) between its regular ticks, so a wake starts in well
under a second even with the worker's default 5-second interval."""
from __future__ import annotations

import os
from datetime import datetime

from otp.core.db import Database
from otp.core.jobs import periodic


def poll_seconds() -> float:
    try:
        return max(0.05, float(os.environ.get("OTP_RUN_POLL_SECONDS", "0.25")))
    except ValueError:
        return 0.25


@periodic("runs.dispatch", every=poll_seconds())
def dispatch_runs(db: Database, now: datetime) -> int:
    from otp.runs.dispatch import step
    return step(db, now)


@periodic("runs.external_heartbeats")
def record_external_heartbeats(db: Database, now: datetime) -> int:
    """Agents that start themselves: their heartbeats become runs (see external.py)."""
    from otp.runs.external import record_heartbeats
    return record_heartbeats(db, now)


@periodic("runs.prep_wakes")
def wake_for_meeting_prep(db: Database, now: datetime) -> int:
    """Meeting prep that came due wakes the agents that owe it (see prep_wakes.py)."""
    from otp.runs.prep_wakes import scan
    return scan(db, now)
