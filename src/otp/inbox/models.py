"""Inbox items: one row per recipient and thing to look at (an approval, an escalation hop, a
warning). Recipients are people or agents (kind + id, no FK: either table)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from otp.core import clock
from otp.core.db import Base
from otp.core.types import UTCDateTime

KINDS = ("approval", "escalation", "warning", "message", "mention", "minutes")


class InboxItem(Base):
    __tablename__ = "inbox_items"
    __table_args__ = (
        CheckConstraint("recipient_kind in ('person','agent')", name="inbox_recipient_kind"),
        # The list query: one recipient's items, unread first, newest first.
        Index("ix_inbox_recipient", "org_id", "recipient_kind", "recipient_id", "read_at"),
        Index("ix_inbox_link", "link_type", "link_id"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    recipient_kind: Mapped[str] = mapped_column(String(8))
    recipient_id: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    link_type: Mapped[str | None] = mapped_column(String(32), nullable=True)
    link_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
