"""Worker task: deliver webhooks. Claims due subscriptions atomically (see delivery.py), then
sends to them in parallel so one slow receiver does not hold up the others."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import httpx

from otp import __version__
from otp.core.db import Database
from otp.core.ids import new_id
from otp.core.jobs import periodic
from otp.outbox.delivery import TIMEOUT, claim, deliver_subscription

PARALLEL = 8


@periodic("webhooks.deliver")
def deliver_webhooks(db: Database, now: datetime, *, org_id: str | None = None) -> int:
    """Returns the messages delivered. `org_id` limits a run to one organization (tests, manual runs)."""
    worker = new_id("wrk")
    claimed = claim(db, now, worker, org_id=org_id)
    if not claimed:
        return 0
    with httpx.Client(timeout=TIMEOUT, follow_redirects=False,
                      headers={"user-agent": f"OTP-Webhooks/{__version__}"}) as client:
        if len(claimed) == 1:
            return deliver_subscription(db, claimed[0], worker, client)
        with ThreadPoolExecutor(max_workers=min(PARALLEL, len(claimed))) as pool:
            return sum(pool.map(lambda sub_id: deliver_subscription(db, sub_id, worker, client), claimed))
