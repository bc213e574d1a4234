"""The periodic drift check: catches episodes the per-report check cannot see, such as a
target or setting changed after the values were reported. Idempotent by design — the dedup
key makes a second run (or a second worker) raise nothing new."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from otp.core.jobs import periodic
from otp.scorecard import drift
from otp.scorecard.models import Measurable


@periodic("scorecard.drift")
def check_drift(db, now: datetime) -> int:
    with db.read() as s:
        org_ids = list(s.execute(select(Measurable.org_id).where(Measurable.archived_at.is_(None)).distinct()).scalars())
    created = 0
    for org_id in org_ids:  # one transaction per organization: one org's trouble stays its own
        with db.write() as s:
            created += drift.check_org(s, org_id)
    return created
