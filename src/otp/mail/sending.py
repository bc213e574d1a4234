"""Sending queued mail: exactly once per message however many workers run, retried until sent.

1. `claim`: one atomic UPDATE leases due messages (queued, next try due, no live lease) to one
   worker. The WHERE is checked again on each row updated, so on PostgreSQL a second worker that
   waited for the first finds the lease taken and skips the row (SKIP LOCKED spares it the
   wait); SQLite serializes writers anyway.
2. `send_claimed`: outside any transaction, hand each leased message to the SMTP server, then
   settle it in a short transaction: sent, or back in the queue with the error, one more attempt
   counted and the next try pushed out (exponential backoff with jitter, capped). A message is
   never given up on: mail that matters (an invitation, an approval) must not vanish because the
   server was down for a day.
3. A worker that dies mid-send leaves its lease to expire (LEASE is well over the SMTP timeout);
   another worker then sends the message. That is the one case a message may arrive twice; its
   Message-ID is the same both times.
"""
from __future__ import annotations

import logging
import random
import smtplib
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update

from otp.core import clock
from otp.core.config import mail_from
from otp.core.db import Database
from otp.mail import smtp
from otp.mail.models import MailMessage as Mail

log = logging.getLogger("otp.mail")

LEASE = timedelta(minutes=5)  # > a batch of SMTP conversations with their timeouts
CLAIM_LIMIT = 20  # messages per tick and worker; the rest waits for the next tick
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=6)
JITTER = 0.2
NOT_CONFIGURED = "not configured: set OTP_SMTP_URL to send mail"


def backoff(attempts: int) -> timedelta:
    delay = min(BACKOFF_CAP, BACKOFF_BASE * (2 ** min(attempts - 1, 30)))
    return delay * (1 + random.uniform(0, JITTER))


def _due(now: datetime):
    return (Mail.state == "queued", Mail.next_attempt_at <= now,
            or_(Mail.lease_until.is_(None), Mail.lease_until < now))


def claim(db: Database, now: datetime, worker: str, limit: int = CLAIM_LIMIT, *,
          org_id: str | None = None) -> list[str]:
    """Lease up to `limit` due messages (of one organization when given) to `worker`."""
    with db.write() as s:
        due = (select(Mail.id).where(*_due(now)).order_by(Mail.next_attempt_at, Mail.id).limit(limit)
               .with_for_update(skip_locked=True))
        if org_id is not None:
            due = due.where(Mail.org_id == org_id)
        stmt = (update(Mail).where(Mail.id.in_(due.scalar_subquery()), *_due(now))
                .values(lease_owner=worker, lease_until=now + LEASE).returning(Mail.id)
                .execution_options(synchronize_session=False))
        return list(s.execute(stmt).scalars())


def send_claimed(db: Database, ids: list[str], worker: str, config: smtp.SmtpConfig) -> int:
    """Send the messages `worker` leased over one SMTP connection; returns how many were sent."""
    with db.read() as s:
        rows = [m for m in s.execute(select(Mail).where(Mail.id.in_(ids), Mail.lease_owner == worker)
                                     .order_by(Mail.id)).scalars()]
    if not rows:
        return 0
    try:
        conn = smtp.connect(config)
    except (OSError, smtplib.SMTPException) as exc:
        for row in rows:
            _settle(db, row.id, worker, _describe(exc))
        return 0
    sent = 0
    sender = mail_from()
    try:
        for row in rows:
            message = smtp.build(mail_id=row.id, sender=sender, to=row.to_address, subject=row.subject,
                                 text=row.text, html=row.html, kind=row.kind)
            try:
                conn.send_message(message)
                error = None
            except (OSError, smtplib.SMTPException) as exc:
                error = _describe(exc)
            if _settle(db, row.id, worker, error):
                sent += 1
    finally:
        try:
            conn.quit()
        except (OSError, smtplib.SMTPException):
            conn.close()
    return sent


def _settle(db: Database, mail_id: str, worker: str, error: str | None) -> bool:
    """Record one attempt. True when the message now counts as sent."""
    now = clock.now()
    with db.write() as s:
        mail = s.execute(select(Mail).where(Mail.id == mail_id).with_for_update()).scalar_one_or_none()
        if mail is None:  # its organization was deleted meanwhile
            return False
        mail.attempts += 1
        if error is None:
            # Sent is sent, whoever holds the lease now: it must not be sent again.
            mail.state, mail.sent_at, mail.last_error = "sent", now, None
            mail.lease_owner = mail.lease_until = None
            return True
        if mail.lease_owner != worker or mail.state != "queued":  # another worker took over: its word counts
            return False
        mail.last_error = error[:500]
        mail.next_attempt_at = now + backoff(mail.attempts)
        mail.lease_owner = mail.lease_until = None
        return False


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:500]
