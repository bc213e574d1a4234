"""Delivering events to webhook subscriptions: at least once, in seq order, one message at a time.

1. `claim`: one atomic UPDATE takes the lease on due subscriptions (active, next attempt due,
   no live lease, something to send). The WHERE is re-checked on the row being updated, so on
   PostgreSQL a second worker that waited for the first finds the lease taken and skips the row
   (SKIP LOCKED spares it the wait); SQLite serializes writers anyway.
2. `deliver_subscription`: outside any transaction, POST the next matching events after the
   cursor, signed. After each attempt a short transaction logs it and — only on a 2xx — moves
   the cursor and extends the lease. A failure schedules the retry (exponential backoff with
   jitter) and gives the lease back; after N consecutive failures the subscription is disabled.
3. A worker that dies holding a lease loses nothing: the cursor has not moved past anything
   unconfirmed, and once the lease expires another worker resumes at the cursor. The receiver
   may then see a message twice; the webhook-id header (stable across retries) lets it dedupe.
"""
from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from sqlalchemy import or_, select, true, update
from sqlalchemy.orm import Session

from otp.auth.actor import system_actor
from otp.core import clock
from otp.core.db import Database
from otp.core.types import iso
from otp.events.models import Event, EventChain
from otp.events.query import event_dict
from otp.events.service import record
from otp.org.models import Organization
from otp.outbox import envelopes, targets
from otp.outbox.models import WebhookDelivery, WebhookSubscription as Sub
from otp.outbox.signing import headers

LEASE = timedelta(seconds=60)  # > TIMEOUT: a live worker renews it after every success
TIMEOUT = httpx.Timeout(5.0)
BATCH = 20  # events per claim; the rest waits for the next tick
CLAIM_LIMIT = 20  # subscriptions per tick and worker
BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_CAP = timedelta(hours=6)
JITTER = 0.2  # up to +20%, so receivers that failed together do not get retried in lockstep
DEFAULT_MAX_FAILURES = 8  # organization setting: webhook_max_failures


def backoff(failures: int) -> timedelta:
    delay = min(BACKOFF_CAP, BACKOFF_BASE * (2 ** min(failures - 1, 30)))
    return delay * (1 + random.uniform(0, JITTER))


def max_failures(org: Organization) -> int:
    value = (org.settings or {}).get("webhook_max_failures", DEFAULT_MAX_FAILURES)
    return value if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 1000 \
        else DEFAULT_MAX_FAILURES


def _due(now: datetime):
    return (Sub.active.is_(True), Sub.next_attempt_at <= now,
            or_(Sub.lease_until.is_(None), Sub.lease_until < now))


def claim(db: Database, now: datetime, worker: str, limit: int = CLAIM_LIMIT, *,
          org_id: str | None = None) -> list[str]:
    """Lease up to `limit` due subscriptions (of one organization when given) to `worker`."""
    with db.write() as s:
        due = (select(Sub.id).join(EventChain, EventChain.org_id == Sub.org_id)
               .where(*_due(now), or_(Sub.cursor_seq < EventChain.seq, Sub.ping_pending.is_(True)))
               .order_by(Sub.next_attempt_at).limit(limit)
               .with_for_update(of=Sub, skip_locked=True))
        if org_id is not None:
            due = due.where(Sub.org_id == org_id)
        stmt = (update(Sub).where(Sub.id.in_(due.scalar_subquery()), *_due(now))
                .values(lease_owner=worker, lease_until=now + LEASE).returning(Sub.id)
                .execution_options(synchronize_session=False))
        return list(s.execute(stmt).scalars())


def action_filter(filters: list[str]):
    """Filter patterns as SQL ("*", "seat.*", "seat.created"), so skipped events are never fetched."""
    if "*" in filters:
        return true()
    return or_(*[Event.action.startswith(f[:-1], autoescape=True) if f.endswith(".*") else Event.action == f
                 for f in filters])


@dataclass
class Message:
    msg_id: str
    event_type: str
    seq: int | None  # None: a test ping
    body: bytes
    content_type: str = envelopes.CONTENT_TYPES[envelopes.STANDARD_WEBHOOKS]


def _pending(s: Session, sub: Sub) -> tuple[list[Message], int]:
    """The next messages in order, and how far the cursor may skip if all of them succeed."""
    messages = []
    fmt = sub.format if sub.format in envelopes.FORMATS else envelopes.STANDARD_WEBHOOKS
    content_type = envelopes.CONTENT_TYPES[fmt]
    slug = s.get(Organization, sub.org_id).slug if fmt == envelopes.CLOUDEVENTS else ""
    if sub.ping_pending:
        # One id per test request (updated_at is stamped by it), the same on every retry.
        msg_id = f"ping_{sub.id}_{int(sub.updated_at.timestamp() * 1000)}"
        body = envelopes.body(fmt, msg_id=msg_id, action="webhook.ping", timestamp=iso(clock.now()),
                              data={"webhook_id": sub.id}, org_slug=slug, occurred_at=sub.updated_at,
                              subject=f"webhook/{sub.id}")
        messages.append(Message(msg_id, "webhook.ping", None, body, content_type))
    # Every event up to the head has committed (the head moves in the same transaction), so
    # when fewer than BATCH match, nothing matching lies between the last one and the head.
    head = s.get(EventChain, sub.org_id).seq
    events = list(s.execute(select(Event).where(Event.org_id == sub.org_id, Event.seq > sub.cursor_seq,
                                                Event.seq <= head, action_filter(sub.filters))
                            .order_by(Event.seq).limit(BATCH)).scalars())
    skip_to = head if len(events) < BATCH else events[-1].seq
    for e in events:
        msg_id = f"evt_{e.id}"
        subject = f"{e.entity_type}/{e.entity_id}" if e.entity_type and e.entity_id else None
        body = envelopes.body(fmt, msg_id=msg_id, action=e.action, timestamp=iso(e.occurred_at), data=event_dict(e),
                              org_slug=slug, occurred_at=e.occurred_at, subject=subject)
        messages.append(Message(msg_id, e.action, e.seq, body, content_type))
    return messages, skip_to


def deliver_subscription(db: Database, sub_id: str, worker: str, client: httpx.Client) -> int:
    """Send what is pending for one claimed subscription; returns the messages delivered."""
    with db.read() as s:
        sub = s.get(Sub, sub_id)
        if sub is None or sub.lease_owner != worker:
            return 0
        url, secret = sub.url, sub.secret
        messages, skip_to = _pending(s, sub)
    target = None
    if messages:
        try:
            # Checked again now (DNS can change) and pinned: we connect to the addresses checked.
            target = targets.pin(url)
        except targets.Refused as exc:
            _settle(db, sub_id, worker, messages[0], None, f"refused: {exc.message}"[:500], 0)
            return 0
    delivered = 0
    for message in messages:
        status, error, ms = _post(client, target, secret, message)
        if not _settle(db, sub_id, worker, message, status, error, ms):
            return delivered
        delivered += 1
    _release(db, sub_id, worker, skip_to)
    return delivered


def _post(client: httpx.Client, target: targets.Target, secret: str,
          message: Message) -> tuple[int | None, str | None, int]:
    started = time.perf_counter()
    timestamp = int(clock.now().timestamp())
    signed = {**headers(secret, message.msg_id, timestamp, message.body), "content-type": message.content_type}
    status, error = None, "no address to connect to"
    for url, extra, extensions in target.candidates:
        try:
            response = client.post(url, content=message.body, headers={**signed, **extra}, extensions=extensions)
            status, error = response.status_code, None if response.is_success else f"HTTP {response.status_code}"
            break
        except httpx.ConnectError as exc:  # this address is unreachable: try the next one checked
            status, error = None, f"{type(exc).__name__}: {exc}"[:500]
        except httpx.HTTPError as exc:
            status, error = None, f"{type(exc).__name__}: {exc}"[:500]
            break
    return status, error, int((time.perf_counter() - started) * 1000)


def _settle(db: Database, sub_id: str, worker: str, message: Message, status: int | None, error: str | None,
            ms: int) -> bool:
    """Log the attempt and apply its outcome. True = keep going (success, lease still ours)."""
    ok = error is None
    with db.write() as s:
        sub = s.execute(select(Sub).where(Sub.id == sub_id).with_for_update()).scalar_one_or_none()
        if sub is None:  # deleted meanwhile
            return False
        now, owns = clock.now(), sub.lease_owner == worker
        s.add(WebhookDelivery(org_id=sub.org_id, subscription_id=sub.id, message_id=message.msg_id,
                              event_seq=message.seq, event_type=message.event_type, attempt=sub.failure_count + 1,
                              success=ok, status_code=status, error=error, duration_ms=ms, attempted_at=now))
        if ok:
            # Delivered is delivered, lease or not: the cursor only ever moves forward.
            if message.seq is None:
                sub.ping_pending = False
            else:
                sub.cursor_seq = max(sub.cursor_seq, message.seq)
            sub.failure_count, sub.last_success_at = 0, now
            if owns:
                sub.lease_until = now + LEASE
            return owns
        if not owns:  # another worker took over after our lease expired: its bookkeeping counts
            return False
        sub.failure_count += 1
        sub.last_failure_at = now
        sub.next_attempt_at = now + backoff(sub.failure_count)
        sub.lease_owner = sub.lease_until = None
        limit = max_failures(s.get(Organization, sub.org_id))
        if sub.failure_count >= limit:
            sub.active = False
            sub.disabled_reason = f"disabled after {sub.failure_count} consecutive failed deliveries ({error})"[:300]
            record(s, system_actor(sub.org_id), "webhook.disabled", "webhook", sub.id,
                   {"failures": sub.failure_count, "last_error": error, "cursor_seq": sub.cursor_seq})
        return False


def _release(db: Database, sub_id: str, worker: str, skip_to: int) -> None:
    with db.write() as s:
        # Everything up to skip_to either was delivered or did not match the filters.
        s.execute(update(Sub).where(Sub.id == sub_id, Sub.lease_owner == worker, Sub.cursor_seq < skip_to)
                  .values(cursor_seq=skip_to)
                  .execution_options(synchronize_session=False))
        s.execute(update(Sub).where(Sub.id == sub_id, Sub.lease_owner == worker)
                  .values(lease_owner=None, lease_until=None, next_attempt_at=clock.now())
                  .execution_options(synchronize_session=False))
