"""Recording events: one per mutation, in the caller's transaction, hash-chained per org.

hash = sha256(prev_hash + canonical_json(event)) where canonical_json has sorted keys and no
whitespace, and times are UTC ISO-8601 with microseconds. Verification recomputes the same.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.core import clock
from otp.core.types import iso
from otp.events.models import Event, EventChain

GENESIS = "0" * 64


def canonical(org_id: str, seq: int, occurred_at: datetime, actor_kind: str, actor_id: str | None,
              action: str, entity_type: str, entity_id: str | None, payload: dict) -> str:
    body = {
        "org_id": org_id,
        "seq": seq,
        "occurred_at": iso(occurred_at),
        "actor": [actor_kind, actor_id],
        "action": action,
        "entity": [entity_type, entity_id],
        "payload": payload,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def chain_hash(prev_hash: str, canonical_json: str) -> str:
    return hashlib.sha256((prev_hash + canonical_json).encode("utf-8")).hexdigest()


def start_chain(session: Session, org_id: str) -> None:
    session.add(EventChain(org_id=org_id, seq=0, head_hash=GENESIS))
    session.flush()


def record(session: Session, actor: Actor, action: str, entity_type: str, entity_id: str | None,
           payload: dict | None = None) -> Event:
    """Append one event to the actor's organization chain, inside the caller's transaction."""
    payload = _jsonable(payload or {})
    head = session.execute(
        select(EventChain).where(EventChain.org_id == actor.org_id).with_for_update()
    ).scalar_one()
    seq = head.seq + 1
    occurred_at = clock.now()
    digest = chain_hash(
        head.head_hash,
        canonical(actor.org_id, seq, occurred_at, actor.kind, actor.id, action, entity_type, entity_id, payload),
    )
    event = Event(
        org_id=actor.org_id, seq=seq, occurred_at=occurred_at, actor_kind=actor.kind, actor_id=actor.id,
        action=action, entity_type=entity_type, entity_id=entity_id, payload=payload,
        prev_hash=head.head_hash, hash=digest,
    )
    head.seq = seq
    head.head_hash = digest
    session.add(event)
    session.flush()
    return event


def _jsonable(value):
    """Payloads are stored as JSON and hashed; normalize them once so both agree after a round trip."""
    return json.loads(json.dumps(value, default=_default, sort_keys=True))


def _default(value):
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    return str(value)


@dataclass
class Broken:
    org_id: str
    event_id: int
    seq: int
    reason: str


def verify_chain(session: Session, org_id: str, batch: int = 5000) -> Broken | None:
    """Walk one organization's chain in order; return the first broken event, or None."""
    prev = GENESIS
    expected_seq = 1
    last_id = None
    while True:
        q = select(Event).where(Event.org_id == org_id).order_by(Event.seq).limit(batch)
        if last_id is not None:
            q = q.where(Event.seq > last_id)
        rows = session.execute(q).scalars().all()
        if not rows:
            break
        for ev in rows:
            if ev.seq != expected_seq:
                return Broken(org_id, ev.id, ev.seq, f"sequence gap: expected {expected_seq}")
            if ev.prev_hash != prev:
                return Broken(org_id, ev.id, ev.seq, "prev_hash does not match the previous event")
            digest = chain_hash(prev, canonical(ev.org_id, ev.seq, ev.occurred_at, ev.actor_kind, ev.actor_id,
                                                ev.action, ev.entity_type, ev.entity_id, ev.payload))
            if digest != ev.hash:
                return Broken(org_id, ev.id, ev.seq, "content does not match its hash")
            prev = ev.hash
            expected_seq += 1
            last_id = ev.seq
        session.expunge_all()
    head = session.get(EventChain, org_id)
    if head is not None and (head.seq != expected_seq - 1 or head.head_hash != prev):
        return Broken(org_id, -1, head.seq, "chain head does not match the last event (events deleted?)")
    return None
