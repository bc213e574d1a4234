"""Periodic work checks run by `otp worker` and the serve tick."""
from __future__ import annotations

from datetime import datetime

from otp.core.db import Database
from otp.core.jobs import periodic
from otp.work.stale import check_stale_todos, orgs_with_stale_todos


@periodic("work.stale_todos")
def stale_todos(db: Database, now: datetime) -> int:
    """One transaction per organization, so one org's failure does not hold back the others."""
    with db.read() as s:
        org_ids = orgs_with_stale_todos(s, now)
    raised = 0
    for org_id in org_ids:
        with db.write() as s:
            raised += check_stale_todos(s, org_id, now)
    return raised
