"""Worker task of the home domain: queue each person's daily digest (see digest.py)."""
from __future__ import annotations

from datetime import datetime

from otp.core.db import Database
from otp.core.jobs import periodic
from otp.home.digest import queue_digests


@periodic("mail.digest")
def daily_digest(db: Database, now: datetime, *, org_id: str | None = None) -> int:
    return queue_digests(db, now, org_id=org_id)
