"""Reading events: filtered, paged by id (a cursor that stays valid while new events arrive)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.core.types import iso
from otp.events.models import Event

MAX_PAGE = 500


def list_events(session: Session, org_id: str, *, entity_type: str | None = None, entity_id: str | None = None,
                actor_id: str | None = None, action: str | None = None, since: datetime | None = None,
                after_id: int | None = None, limit: int = 100) -> list[Event]:
    q = select(Event).where(Event.org_id == org_id)
    if entity_type:
        q = q.where(Event.entity_type == entity_type)
    if entity_id:
        q = q.where(Event.entity_id == entity_id)
    if actor_id:
        q = q.where(Event.actor_id == actor_id)
    if action:
        # "seat.*" selects a family of actions.
        q = q.where(Event.action.startswith(action[:-1]) if action.endswith("*") else Event.action == action)
    if since:
        q = q.where(Event.occurred_at >= since)
    if after_id is not None:
        q = q.where(Event.id > after_id)
    return list(session.execute(q.order_by(Event.id).limit(min(max(limit, 1), MAX_PAGE))).scalars())


def event_dict(ev: Event) -> dict:
    return {"id": ev.id, "seq": ev.seq, "occurred_at": iso(ev.occurred_at),
            "actor": {"kind": ev.actor_kind, "id": ev.actor_id}, "action": ev.action,
            "entity": {"type": ev.entity_type, "id": ev.entity_id}, "payload": ev.payload,
            "hash": ev.hash, "prev_hash": ev.prev_hash}
