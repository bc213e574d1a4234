"""Event wakes, without the rest of OTP knowing runs exist: the worker reads each organization's
new events (by seq, after a cursor) and new inbox items, and wakes the agents they concern.
The cursor moves in the transaction that queues the wakes, so each event wakes at most once.

Inbox items carry no sequence number; they are read by creation time up to INBOX_LAG before now,
so an item whose transaction is still open when the scan passes is read by the next scan.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from otp.core.db import Database
from otp.events.models import Event, EventChain
from otp.inbox.models import InboxItem
from otp.org.models import Seat
from otp.runs.concern import own_write, wake_seat
from otp.runs.models import AgentRuntime, RunCursor
from otp.runs.queue import cursor_of, wake

INBOX_LAG = timedelta(seconds=2)
BATCH = 1000
WAKING = ("command", "http")


def _orgs_with_news(s, org_id: str | None) -> list[str]:
    """Organizations with a runtime and events after their cursor (or none yet)."""
    q = (select(AgentRuntime.org_id).where(AgentRuntime.adapter.in_(WAKING)).distinct())
    if org_id is not None:
        q = q.where(AgentRuntime.org_id == org_id)
    return list(s.execute(q).scalars())


def scan(db: Database, now: datetime, *, org_id: str | None = None) -> int:
    with db.read() as s:
        orgs = _orgs_with_news(s, org_id)
        heads = dict(s.execute(select(EventChain.org_id, EventChain.seq).where(EventChain.org_id.in_(orgs))).all())
        cursors = dict(s.execute(select(RunCursor.org_id, RunCursor.event_seq).where(RunCursor.org_id.in_(orgs))).all())
    woken = 0
    for oid in orgs:
        if oid in cursors and cursors[oid] >= heads.get(oid, 0) and not _inbox_due(db, oid, now):
            continue
        woken += _scan_org(db, oid, now)
    return woken


def _inbox_due(db: Database, org_id: str, now: datetime) -> bool:
    with db.read() as s:
        until = s.execute(select(RunCursor.inbox_until).where(RunCursor.org_id == org_id)).scalar()
        if until is None:
            return True
        return s.execute(select(InboxItem.id).where(
            InboxItem.org_id == org_id, InboxItem.recipient_kind == "agent", InboxItem.created_at > until,
            InboxItem.created_at <= now - INBOX_LAG).limit(1)).first() is not None


def _scan_org(db: Database, org_id: str, now: datetime) -> int:
    woken = 0
    with db.write() as s:
        cursor = cursor_of(s, org_id)
        runtimes = {r.agent_id: r for r in s.execute(select(AgentRuntime).where(
            AgentRuntime.org_id == org_id, AgentRuntime.adapter.in_(WAKING))).scalars()}
        if not runtimes:
            return 0
        holder = dict(s.execute(select(Seat.id, Seat.occupant_agent_id).where(
            Seat.org_id == org_id, Seat.occupant_agent_id.in_(list(runtimes)))).all())
        events = s.execute(select(Event).where(Event.org_id == org_id, Event.seq > cursor.event_seq)
                           .order_by(Event.seq).limit(BATCH)).scalars().all()
        for event in events:
            for seat_id in wake_seat(event):
                agent_id = holder.get(seat_id)
                if agent_id is None or own_write(event, agent_id):
                    continue  # never a wake from the agent's own writes
                wake(s, org_id, agent_id, f"event:{event.action}", adapter=runtimes[agent_id].adapter,
                     detail={"event_seq": event.seq})
                woken += 1
        if events:
            cursor.event_seq = events[-1].seq
        until = now - INBOX_LAG
        since = cursor.inbox_until or until
        if until > since:
            items = s.execute(select(InboxItem).where(
                InboxItem.org_id == org_id, InboxItem.recipient_kind == "agent",
                InboxItem.recipient_id.in_(list(runtimes)), InboxItem.created_at > since,
                InboxItem.created_at <= until).order_by(InboxItem.created_at)).scalars().all()
            for item in items:
                if item.kind == "warning":
                    continue  # a budget warning is the consequence of the agent's own spending
                wake(s, org_id, item.recipient_id, f"inbox:{item.kind}", adapter=runtimes[item.recipient_id].adapter,
                     detail={"inbox_item_id": item.id, "title": item.title[:120]})
                woken += 1
            cursor.inbox_until = until
    return woken
