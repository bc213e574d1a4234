"""Helpers for the mention tests: who received which mention items."""
from __future__ import annotations

from sqlalchemy import select

from otp.inbox.models import InboxItem


def mentions(org, recipient_id: str | None = None) -> list[InboxItem]:
    """The organization's mention items (of one recipient, if given), oldest first."""
    with org.db.read() as s:
        q = select(InboxItem).where(InboxItem.org_id == org.org_id, InboxItem.kind == "mention")
        if recipient_id is not None:
            q = q.where(InboxItem.recipient_id == recipient_id)
        return list(s.execute(q.order_by(InboxItem.created_at, InboxItem.id)).scalars())


def recipients(org) -> list[str]:
    return sorted(i.recipient_id for i in mentions(org))
