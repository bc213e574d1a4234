"""Recording events: one per mutation, in the caller's transaction, hash-chained per org.

hash = HMAC-SHA256(key, prev_hash + canonical_json(event)) where canonical_json has sorted keys
and no whitespace, and times are UTC ISO-8601 with microseconds. The key does not live in the
database (otp.core.audit_keys): whoever can write the database cannot recompute the chain after
changing an event. Each event names the id of the key it was hashed under; when the key
changes, the next write first appends an `audit.key_rotated` event under the new key.
Verification recomputes the same with the keyring (the current and the previous keys).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from otp.auth.actor import Actor, system_actor
from otp.core import clock, inserted
from otp.core.audit_keys import AuditKey
from otp.core.prepared import Prepared
from otp.core.types import iso
from otp.events.epoch import moves_governance
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


def chain_hash(key: AuditKey, prev_hash: str, canonical_json: str) -> str:
    return key.sign(prev_hash + canonical_json)


def legacy_hash(prev_hash: str, canonical_json: str) -> str:
    """The unkeyed hash of chains written before keys (only the re-keying migration reads it)."""
    return hashlib.sha256((prev_hash + canonical_json).encode("utf-8")).hexdigest()


class NoAuditKey(RuntimeError):
    pass


def session_key(session: Session) -> AuditKey:
    key = session.info.get("audit_key")
    if key is None:
        raise NoAuditKey("no audit key: open the database through otp.core.db.Database with the settings' "
                         "audit key, or set OTP_AUDIT_KEY")
    return key


def start_chain(session: Session, org_id: str) -> None:
    session.add(EventChain(org_id=org_id, seq=0, head_hash=GENESIS))
    session.flush()


# The hot path in SQLAlchemy Core, built once: the head read under its row lock, the event's
# INSERT and the head's UPDATE. Loading the head as an ORM object and flushing the event through
# the unit of work cost several times what the three statements cost in the database.
_EVENT_COLUMNS = ("org_id", "seq", "occurred_at", "actor_kind", "actor_id", "action", "entity_type", "entity_id",
                  "payload", "prev_hash", "hash", "key_id")
_HEAD = Prepared(select(EventChain.seq, EventChain.head_hash, EventChain.key_id, EventChain.governance_seq)
                 .where(EventChain.org_id == bindparam("org_id")).with_for_update())
_INSERT = Prepared(insert(Event.__table__).returning(Event.__table__.c.id), _EVENT_COLUMNS)
_ADVANCE = Prepared(update(EventChain.__table__).where(EventChain.__table__.c.org_id == bindparam("chain_org")),
                    ("seq", "head_hash", "key_id", "governance_seq"))
# PostgreSQL: the event's INSERT and the head's UPDATE in one statement (a data-modifying WITH),
# one round trip to the server instead of two. SQLite has no such WITH: two statements there.
_INSERT_ADVANCING = Prepared(
    insert(Event.__table__).values({c: bindparam(c) for c in _EVENT_COLUMNS})
    .add_cte(update(EventChain.__table__).where(EventChain.__table__.c.org_id == bindparam("chain_org"))
             .values(seq=bindparam("chain_seq"), head_hash=bindparam("chain_head"), key_id=bindparam("chain_key"),
                     governance_seq=bindparam("chain_governance_seq"))
             .cte("advanced"))
    .returning(Event.__table__.c.id))


def record(session: Session, actor: Actor, action: str, entity_type: str, entity_id: str | None,
           payload: dict | None = None) -> Event:
    """Append one event to the actor's organization chain, inside the caller's transaction.

    Returns the event as a detached Event (its id set). Pending ORM changes are flushed first,
    as before: callers rely on record() leaving the session flushed."""
    key = session_key(session)
    payload = _jsonable(payload or {})
    if (EventChain, (actor.org_id,), None) in session.identity_map:
        return _record_orm(session, key, actor, action, entity_type, entity_id, payload)
    session.flush()
    conn = session.connection()
    head = _HEAD.write(conn, {"org_id": actor.org_id})
    if head is None:
        raise LookupError(f"organization {actor.org_id} has no event chain")
    seq, prev, head_key, governance_seq = head
    if seq and head_key != key.id:
        # the installation's key changed since this chain's last event: say so in the chain
        rotated = _insert(conn, key, seq, prev, system_actor(actor.org_id), "audit.key_rotated", "audit_chain",
                          actor.org_id, {"from_key_id": head_key, "to_key_id": key.id})
        seq, prev, governance_seq = rotated.seq, rotated.hash, rotated.seq
    return _insert(conn, key, seq, prev, actor, action, entity_type, entity_id, payload, advance=True,
                   governance_seq=governance_seq)


def _insert(conn, key: AuditKey, head_seq: int, head_hash: str, actor: Actor, action: str, entity_type: str,
            entity_id: str | None, payload: dict, *, advance: bool = False, governance_seq: int = 0) -> Event:
    """Insert the event after the head (`head_seq`, `head_hash`); with `advance`, move the head to it
    (and its `governance_seq`, the last governance event's, to this one if it is of that kind)."""
    seq = head_seq + 1
    if moves_governance(action):
        governance_seq = seq
    occurred_at = clock.now()
    digest = chain_hash(key, head_hash, canonical(
        actor.org_id, seq, occurred_at, actor.kind, actor.id, action, entity_type, entity_id, payload))
    values = {"org_id": actor.org_id, "seq": seq, "occurred_at": occurred_at, "actor_kind": actor.kind,
              "actor_id": actor.id, "action": action, "entity_type": entity_type, "entity_id": entity_id,
              "payload": payload, "prev_hash": head_hash, "hash": digest, "key_id": key.id}
    if not advance:
        event_id = _INSERT.write(conn, values)[0]
    elif conn.dialect.name == "postgresql":
        event_id = _INSERT_ADVANCING.write(
            conn, {**values, "chain_org": actor.org_id, "chain_seq": seq, "chain_head": digest, "chain_key": key.id,
                   "chain_governance_seq": governance_seq})[0]
    else:
        event_id = _INSERT.write(conn, values)[0]
        _ADVANCE.write(conn, {"chain_org": actor.org_id, "seq": seq, "head_hash": digest, "key_id": key.id,
                              "governance_seq": governance_seq})
    return inserted.as_row(Event, {"id": event_id, **values})


def _record_orm(session: Session, key: AuditKey, actor: Actor, action: str, entity_type: str,
                entity_id: str | None, payload: dict) -> Event:
    """The chain head is loaded in this session (a new organization's, or one a caller read): go
    through the ORM so that object stays true."""
    head = session.execute(
        select(EventChain).where(EventChain.org_id == actor.org_id).with_for_update()
    ).scalar_one()
    if head.seq and head.key_id != key.id:
        _append(session, head, key, system_actor(actor.org_id), "audit.key_rotated", "audit_chain", actor.org_id,
                {"from_key_id": head.key_id, "to_key_id": key.id})
    event = _append(session, head, key, actor, action, entity_type, entity_id, payload)
    session.flush()
    return event


def _append(session: Session, head: EventChain, key: AuditKey, actor: Actor, action: str, entity_type: str,
            entity_id: str | None, payload: dict) -> Event:
    seq = head.seq + 1
    occurred_at = clock.now()
    digest = chain_hash(key, head.head_hash, canonical(
        actor.org_id, seq, occurred_at, actor.kind, actor.id, action, entity_type, entity_id, payload))
    event = Event(
        org_id=actor.org_id, seq=seq, occurred_at=occurred_at, actor_kind=actor.kind, actor_id=actor.id,
        action=action, entity_type=entity_type, entity_id=entity_id, payload=payload,
        prev_hash=head.head_hash, hash=digest, key_id=key.id,
    )
    head.seq = seq
    head.head_hash = digest
    head.key_id = key.id
    if moves_governance(action):
        head.governance_seq = seq
    session.add(event)
    return event


_SCALARS = (str, int, bool, type(None))


def _jsonable(value):
    """Payloads are stored as JSON and hashed; normalize them once so both agree after a round trip."""
    if type(value) is dict and all(type(k) is str and type(v) in _SCALARS for k, v in value.items()):
        # The common flat payload of strings and integers: the round trip would give back the
        # same values with the keys sorted. Sorting them is all it takes (and cheaper by far).
        return dict(sorted(value.items()))
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


def verify_chain(session: Session, org_id: str, batch: int = 5000, up_to: int | None = None) -> Broken | None:
    """Walk one organization's chain in order (to seq `up_to`, or to its head); return the first
    broken event, or None. Keys come from the session's keyring (the current and previous keys)."""
    keyring: dict[str, AuditKey] = session.info.get("audit_keyring") or {}
    if not keyring:
        raise NoAuditKey("no audit key to verify with: set OTP_AUDIT_KEY or use the settings' database")
    prev = GENESIS
    expected_seq = 1
    last_id = None
    while True:
        q = select(Event).where(Event.org_id == org_id).order_by(Event.seq).limit(batch)
        if last_id is not None:
            q = q.where(Event.seq > last_id)
        if up_to is not None:
            q = q.where(Event.seq <= up_to)
        rows = session.execute(q).scalars().all()
        if not rows:
            break
        for ev in rows:
            if ev.seq != expected_seq:
                return Broken(org_id, ev.id, ev.seq, f"sequence gap: expected {expected_seq}")
            if ev.prev_hash != prev:
                return Broken(org_id, ev.id, ev.seq, "prev_hash does not match the previous event")
            key = keyring.get(ev.key_id) if ev.key_id else None
            if key is None:
                return Broken(org_id, ev.id, ev.seq, f"hashed under a key this installation does not hold "
                              f"({ev.key_id or 'none'}): set OTP_AUDIT_PREVIOUS_KEYS after a rotation")
            digest = chain_hash(key, prev, canonical(ev.org_id, ev.seq, ev.occurred_at, ev.actor_kind, ev.actor_id,
                                                     ev.action, ev.entity_type, ev.entity_id, ev.payload))
            if digest != ev.hash:
                return Broken(org_id, ev.id, ev.seq, "content does not match its hash")
            prev = ev.hash
            expected_seq += 1
            last_id = ev.seq
        session.expunge_all()
    if up_to is not None:
        if expected_seq - 1 != up_to:
            return Broken(org_id, -1, up_to, f"the chain ends at seq {expected_seq - 1}, before {up_to}")
        return None
    head = session.get(EventChain, org_id)
    if head is not None and (head.seq != expected_seq - 1 or head.head_hash != prev):
        return Broken(org_id, -1, head.seq, "chain head does not match the last event (events deleted?)")
    return None
