"""The mail outbox and the per-person opt-outs.

A message is a row written in the same transaction as whatever caused it (an approval routed to
someone, an escalation that climbed, an invitation), so a committed cause always has its mail and
a rolled-back one never does. The worker claims due rows with one atomic UPDATE and sends them.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from otp.core import clock
from otp.core.db import Base
from otp.core.types import UTCDateTime

# queued: waiting to be sent (first try or a retry at next_attempt_at); sent: the SMTP server took
# it; suppressed: never to be sent (the person opted out of this kind when it was queued).
MAIL_STATES = ("queued", "sent", "suppressed")


class MailMessage(Base):
    __tablename__ = "mail_outbox"
    __table_args__ = (
        # A cause that may fire more than once (a digest per person per day, a reminder) names a
        # dedup key; the constraint makes "queue it once" hold across concurrent workers.
        UniqueConstraint("org_id", "dedup_key", name="uq_mail_outbox_dedup"),
        CheckConstraint("state in ('queued','sent','suppressed')", name="mail_state"),
        Index("ix_mail_outbox_due", "state", "next_attempt_at"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[str | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), nullable=True,
                                                  index=True)
    to_address: Mapped[str] = mapped_column(String(254))
    kind: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str | None] = mapped_column(Text, nullable=True)
    dedup_key: Mapped[str | None] = mapped_column(String(200), nullable=True)
    state: Mapped[str] = mapped_column(String(16), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(500), nullable=True)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    # A worker's claim while it talks to the SMTP server; once lease_until has passed (the worker
    # died mid-send) another worker may take the message over.
    lease_owner: Mapped[str | None] = mapped_column(String(40), nullable=True)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class MailOptOut(Base):
    """A person who does not want mail of one kind. Absent row: they get it (the default)."""

    __tablename__ = "mail_opt_outs"

    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class DigestRun(Base):
    """One organization's daily digest for one local day, claimed by inserting this row in the
    transaction that queues every member's digest: the worker that inserts it does the day,
    another worker's insert fails and it does nothing, and a run that dies leaves no row."""

    __tablename__ = "mail_digest_runs"

    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[str] = mapped_column(String(10), primary_key=True)  # the organization's local date, ISO
    queued: Mapped[int] = mapped_column(Integer, default=0)  # digests queued (people with something to read)
    ran_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
