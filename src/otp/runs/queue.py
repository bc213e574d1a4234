"""The run queue: waking an agent (a queued row, or joining the one that waits), claiming due
runs atomically, and reaping runs whose worker stopped renewing their lease.

Exactly once: a queued run becomes running only through `claim`'s single UPDATE that re-checks
`state = 'queued'` on the row it changes, so of two workers (or two `otp serve` instances) that
pick the same row, one changes it and the other changes nothing. A running run that loses its
lease (its worker died) becomes `abandoned` — it is never handed to another worker, because
half of it may already have happened.
"""
from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from otp.auth.actor import system_actor
from otp.core import clock
from otp.core.db import Database
from otp.core.ids import new_id
from otp.events.service import record
from otp.org.models import Organization
from otp.runs import settings
from otp.runs.models import AgentRuntime, Run, RunCursor

MAX_WAKES_KEPT = 20  # the wakes a run lists; wake_count counts them all
HOST = socket.gethostname()[:120]


def lease_seconds() -> float:
    """How long a run stays ours without renewal (OTP_RUN_LEASE_SECONDS; tests shorten it)."""
    try:
        return max(1.0, float(os.environ.get("OTP_RUN_LEASE_SECONDS", "60")))
    except ValueError:
        return 60.0


def wake(session: Session, org_id: str, agent_id: str, reason: str, *, adapter: str, detail: dict | None = None,
         due_at: datetime | None = None) -> tuple[Run, bool]:
    """Queue a run for the agent, or join the run already waiting. Returns (run, new?)."""
    now = clock.now()
    entry = {"reason": reason, "at": now.isoformat(), **(detail or {})}
    for _ in range(3):
        waiting = session.execute(select(Run).where(Run.agent_id == agent_id, Run.state == "queued")
                                  .with_for_update()).scalar_one_or_none()
        if waiting is not None:
            waiting.wake_count += 1
            if len(waiting.wakes) < MAX_WAKES_KEPT:
                waiting.wakes = [*waiting.wakes, entry]
            return waiting, False
        run = Run(id=new_id("run"), org_id=org_id, agent_id=agent_id, adapter=adapter, state="queued",
                  reason=reason[:120], wakes=[entry], wake_count=1, detail="", due_at=due_at or now,
                  cost_cents=0, tokens=0, progress="", output="", output_bytes=0, cancel_requested=False,
                  created_at=now)
        try:
            with session.begin_nested():  # another writer may queue one at the same moment
                session.add(run)
                session.flush()
        except IntegrityError:
            continue
        # No event for queueing: run.started (or run.skipped) records the run with its wakes.
        return run, True
    raise RuntimeError("could not queue a run")  # pragma: no cover - three lost races in a row


def cursor_of(session: Session, org_id: str, lock: bool = True) -> RunCursor:
    q = select(RunCursor).where(RunCursor.org_id == org_id)
    row = session.execute(q.with_for_update() if lock else q).scalar_one_or_none()
    if row is None:
        try:
            with session.begin_nested():
                session.add(RunCursor(org_id=org_id, event_seq=_head(session, org_id), inbox_until=clock.now()))
                session.flush()
        except IntegrityError:
            pass
        row = session.execute(q.with_for_update() if lock else q).scalar_one()
    return row


def _head(session: Session, org_id: str) -> int:
    from otp.events.models import EventChain
    head = session.get(EventChain, org_id)
    return head.seq if head is not None else 0


def claim(db: Database, now: datetime, worker: str, slots: int, *, org_id: str | None = None) -> list[str]:
    """Take up to `slots` due queued runs, honouring each agent's and each organization's limit."""
    if slots <= 0:
        return []
    with db.write() as s:
        due = (select(Run.id, Run.org_id, Run.agent_id).where(Run.state == "queued", Run.due_at <= now)
               .order_by(Run.due_at).limit(slots * 4).with_for_update(skip_locked=True))
        if org_id is not None:
            due = due.where(Run.org_id == org_id)
        rows = s.execute(due).all()
        if not rows:
            return []
        orgs = sorted({r.org_id for r in rows})
        for oid in orgs:  # serializes claims per organization: its limit holds exactly
            cursor_of(s, oid)
        # An external run is an agent working on its own: it holds none of OTP's run slots.
        running_org = dict(s.execute(select(Run.org_id, func.count()).where(
            Run.org_id.in_(orgs), Run.state == "running", Run.adapter != "external").group_by(Run.org_id)).all())
        agents = sorted({r.agent_id for r in rows})
        running_agent = dict(s.execute(select(Run.agent_id, func.count()).where(
            Run.agent_id.in_(agents), Run.state == "running", Run.adapter != "external")
            .group_by(Run.agent_id)).all())
        limits = dict(s.execute(select(AgentRuntime.agent_id, AgentRuntime.max_concurrent)
                                .where(AgentRuntime.agent_id.in_(agents))).all())
        org_limit = {o.id: settings.org_concurrent_runs(o)
                     for o in s.execute(select(Organization).where(Organization.id.in_(orgs))).scalars()}
        picked = []
        for r in rows:
            if len(picked) >= slots:
                break
            if running_org.get(r.org_id, 0) >= org_limit.get(r.org_id, 1):
                continue
            if running_agent.get(r.agent_id, 0) >= limits.get(r.agent_id, 1):
                continue
            running_org[r.org_id] = running_org.get(r.org_id, 0) + 1
            running_agent[r.agent_id] = running_agent.get(r.agent_id, 0) + 1
            picked.append(r.id)
        if not picked:
            return []
        stmt = (update(Run).where(Run.id.in_(picked), Run.state == "queued")
                .values(state="running", lease_owner=worker, lease_until=now + timedelta(seconds=lease_seconds()),
                        started_at=now, host=HOST).returning(Run.id)
                .execution_options(synchronize_session=False))
        return list(s.execute(stmt).scalars())


def reap(db: Database, now: datetime, *, org_id: str | None = None) -> list[Run]:
    """End the running runs whose lease ran out: a command run's worker died (abandoned); an http
    run's agent never closed it within its time limit (timed_out); an external run's agent sent
    no heartbeat for that long (succeeded, at its last heartbeat). Returns the rows ended."""
    from otp.runs import external
    from otp.runs.ending import close_token
    ended = []
    with db.write() as s:
        q = (select(Run).where(Run.state == "running", Run.lease_until < now)
             .order_by(Run.lease_until).limit(100).with_for_update(skip_locked=True))
        if org_id is not None:
            q = q.where(Run.org_id == org_id)
        for run in s.execute(q).scalars():
            if run.adapter == "external":
                external.end(s, run, now)  # its agent went quiet: over at its last heartbeat
            elif run.adapter == "http":
                run.state, run.detail = "timed_out", "the agent did not close its run within the time limit"
                run.ended_at, run.lease_owner = now, None
            else:
                run.state = "abandoned"
                run.detail = f"its worker stopped renewing the lease (host {run.host}, worker {run.lease_owner})"
                run.ended_at, run.lease_owner = now, None
            run.end_seq = _head(s, run.org_id)
            close_token(s, run)
            record(s, system_actor(run.org_id), "run.ended", "run", run.id,
                   {"agent_id": run.agent_id, "state": run.state, "detail": run.detail,
                    "cost_cents": run.cost_cents, "tokens": run.tokens})
            ended.append(run)
    for run in ended:
        kill_orphan(run)
    return ended


def kill_orphan(run: Run) -> None:
    """A dead worker's process on this machine dies with its run (its own process group)."""
    if run.pid and run.host == HOST and run.adapter == "command":
        import signal
        try:
            os.killpg(run.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError, OSError):
            pass
