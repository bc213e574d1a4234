"""Worker tasks of the mail domain: send what is queued, and queue each person's daily digest."""
from __future__ import annotations

import logging
from datetime import datetime

from otp.core.config import smtp_url
from otp.core.db import Database
from otp.core.ids import new_id
from otp.core.jobs import periodic
from otp.mail import sending, smtp

log = logging.getLogger("otp.mail")


@periodic("mail.send")
def send_mail(db: Database, now: datetime, *, org_id: str | None = None) -> int:
    """Returns the messages sent. Without OTP_SMTP_URL nothing is claimed: mail waits, queued,
    for the day a server is configured. `org_id` limits a run to one organization (tests)."""
    url = smtp_url()
    if url is None:
        return 0
    try:
        config = smtp.SmtpConfig.parse(url)
    except smtp.BadSmtpUrl as exc:
        log.error("mail not sent: %s", exc)
        return 0
    worker = new_id("wrk")
    claimed = sending.claim(db, now, worker, org_id=org_id)
    return sending.send_claimed(db, claimed, worker, config) if claimed else 0
