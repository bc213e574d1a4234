"""Delivering to and reading an inbox.

`deliver` is called by other services inside their own transaction (an approval request, an
escalation hop, a budget warning), so the item exists exactly when the thing it points at does.
Marking an item read is personal UI state, not an organizational change: it is not governed by
the policy matrix and writes no audit event.
"""
from __future__ import annotations

from sqlalchemy import case, select, update
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.core import clock, validate
from otp.core.errors import Invalid, NotFound
from otp.core.ids import new_id
from otp.inbox.models import KINDS, InboxItem

MAX_LIMIT = 500


def deliver(session: Session, org_id: str, recipient_kind: str, recipient_id: str, kind: str, title: str,
            body: str = "", link_type: str | None = None, link_id: str | None = None) -> InboxItem:
    validate.choice("recipient_kind", recipient_kind, ("person", "agent"))
    validate.choice("kind", kind, KINDS)
    item = InboxItem(id=new_id("inb"), org_id=org_id, recipient_kind=recipient_kind, recipient_id=recipient_id,
                     kind=kind, title=title[:300], body=body or "", link_type=link_type, link_id=link_id,
                     created_at=clock.now())
    session.add(item)
    session.flush()
    return item


def list_items(session: Session, actor: Actor, *, unread: bool | None = None, kind: str | None = None,
               limit: int = 100) -> list[InboxItem]:
    """The actor's items: unread first, then newest first."""
    if kind is not None:
        validate.choice("kind", kind, KINDS)
    limit = validate.integer("limit", limit, low=1, high=MAX_LIMIT)
    q = select(InboxItem).where(InboxItem.org_id == actor.org_id, InboxItem.recipient_kind == actor.kind,
                                InboxItem.recipient_id == actor.id)
    if unread is True:
        q = q.where(InboxItem.read_at.is_(None))
    elif unread is False:
        q = q.where(InboxItem.read_at.is_not(None))
    if kind is not None:
        q = q.where(InboxItem.kind == kind)
    unread_first = case((InboxItem.read_at.is_(None), 0), else_=1)
    q = q.order_by(unread_first, InboxItem.created_at.desc(), InboxItem.id.desc()).limit(limit)
    return list(session.execute(q).scalars())


def mark_read(session: Session, actor: Actor, item_id: str) -> InboxItem:
    if actor.kind not in ("person", "agent"):
        raise Invalid("only people and agents have an inbox", field="actor")
    item = session.get(InboxItem, item_id) if isinstance(item_id, str) else None
    if item is None or item.org_id != actor.org_id or (item.recipient_kind, item.recipient_id) != (actor.kind, actor.id):
        raise NotFound("no such item in your inbox", field="item_id")
    if item.read_at is None:
        item.read_at = clock.now()
    return item


def close_links(session: Session, link_type: str, link_id: str) -> None:
    """Once an approval or escalation is settled, its items no longer need anyone's input."""
    session.execute(update(InboxItem).where(InboxItem.link_type == link_type, InboxItem.link_id == link_id,
                                            InboxItem.read_at.is_(None)).values(read_at=clock.now()))
