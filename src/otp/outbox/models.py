"""Webhook subscriptions and their delivery log.

There is no outbox table: the events table is the outbox. Events are written in each mutation's
own transaction, so every committed change already has its row; a subscription only keeps a
cursor (the last per-organization `seq` it delivered). Nothing is written twice, nothing can be
committed without being deliverable.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from otp.core import clock
from otp.core.db import Base
from otp.core.types import UTCDateTime


class WebhookSubscription(Base):
    __tablename__ = "webhook_subscriptions"
    __table_args__ = (Index("ix_webhook_subscriptions_due", "active", "next_attempt_at"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(2000))
    description: Mapped[str] = mapped_column(String(200), default="")
    filters: Mapped[list] = mapped_column(JSON, default=lambda: ["*"])  # action patterns: "*", "seat.*", "sop.created"
    # The body's shape: "standard_webhooks" ({type, timestamp, data}) or "cloudevents" (CloudEvents 1.0,
    # structured JSON). Both are signed the Standard Webhooks way (otp.outbox.envelopes).
    format: Mapped[str] = mapped_column(String(32), default="standard_webhooks", server_default="standard_webhooks")
    # Kept readable: signing needs it. Shown to the API caller once, at creation.
    secret: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    disabled_reason: Mapped[str | None] = mapped_column(String(300), nullable=True)
    failure_count: Mapped[int] = mapped_column(Integer, default=0)  # consecutive failed attempts
    cursor_seq: Mapped[int] = mapped_column(Integer, default=0)  # last event seq delivered (or skipped by filter)
    ping_pending: Mapped[bool] = mapped_column(Boolean, default=False)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    # A worker's claim; another worker may take over once lease_until has passed (it died).
    lease_owner: Mapped[str | None] = mapped_column(String(40), nullable=True)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_failure_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class WebhookDelivery(Base):
    """One row per HTTP attempt, successful or not."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (Index("ix_webhook_deliveries_sub_id", "subscription_id", "id"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    subscription_id: Mapped[str] = mapped_column(ForeignKey("webhook_subscriptions.id", ondelete="CASCADE"))
    message_id: Mapped[str] = mapped_column(String(64))  # the webhook-id header: same on every retry
    event_seq: Mapped[int | None] = mapped_column(Integer, nullable=True)  # None for a test ping
    event_type: Mapped[str] = mapped_column(String(64))
    attempt: Mapped[int] = mapped_column(Integer)  # 1 = first try of this message
    success: Mapped[bool] = mapped_column(Boolean)
    status_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    error: Mapped[str | None] = mapped_column(String(500), nullable=True)
    duration_ms: Mapped[int] = mapped_column(Integer)
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime)
