"""Scheduled runs: every N minutes, within the active hours and days in the organization's time
zone. A due runtime is claimed (FOR UPDATE SKIP LOCKED, its next time moved in the same
transaction), so two workers never queue the same slot twice."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from otp.core.db import Database
from otp.org.models import Organization
from otp.runs.models import AgentRuntime
from otp.runs.queue import wake

BATCH = 500


def active(runtime: AgentRuntime, org: Organization, now: datetime) -> bool:
    if not runtime.active_hours and not runtime.active_days:
        return True
    try:
        local = now.astimezone(ZoneInfo(org.timezone or "UTC"))
    except Exception:  # noqa: BLE001 - an unknown zone name reads as UTC
        local = now
    if runtime.active_days and local.weekday() not in runtime.active_days:
        return False
    if runtime.active_hours:
        start, end = runtime.active_hours
        if not start <= local.hour < end:
            return False
    return True


def queue_due(db: Database, now: datetime, *, org_id: str | None = None) -> int:
    queued = 0
    with db.write() as s:
        q = (select(AgentRuntime).where(AgentRuntime.next_scheduled_at <= now,
                                        AgentRuntime.adapter.in_(("command", "http")))
             .order_by(AgentRuntime.next_scheduled_at).limit(BATCH).with_for_update(skip_locked=True))
        if org_id is not None:
            q = q.where(AgentRuntime.org_id == org_id)
        orgs: dict[str, Organization] = {}
        for runtime in s.execute(q).scalars():
            every = timedelta(minutes=runtime.every_minutes or 60)
            slot = runtime.next_scheduled_at
            # the next slot on the grid; missed slots while no worker ran are not made up
            runtime.next_scheduled_at = slot + every if slot + every > now else now + every
            if runtime.every_minutes is None:
                runtime.next_scheduled_at = None
                continue
            org = orgs.get(runtime.org_id) or orgs.setdefault(runtime.org_id, s.get(Organization, runtime.org_id))
            if not active(runtime, org, now):
                continue
            wake(s, runtime.org_id, runtime.agent_id, "schedule", adapter=runtime.adapter)
            queued += 1
    return queued
