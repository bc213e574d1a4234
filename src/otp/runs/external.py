"""Runs of agents that start themselves (the `external` adapter), recorded from their heartbeats.

OTP does not start these agents, but their work is still a run on the agent's page, with the same
record as any other: when, for how long, what it cost and what it changed. The heartbeats are
the only signal, so a run is read off them:

- a heartbeat with no external run going opens one (`running`, reason `heartbeat`), started at
  that heartbeat, and records run.started;
- each later heartbeat within the runtime's time limit (`time_limit_seconds`: here, how long OTP
  waits for the next heartbeat before it takes the run as over) extends the same run;
- when no heartbeat came for that long, the reaper (queue.reap) ends the run `succeeded` at its
  last heartbeat, with the cost and tokens the agent reported meanwhile, and records run.ended.

Heartbeats are read by the worker from the governance guard's `last_heartbeat_at`, after the
runtime's `heartbeat_seen_at`; heartbeating never needs to know runs exist.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from otp.auth.actor import system_actor
from otp.core.db import Database
from otp.core.ids import new_id
from otp.events.service import record
from otp.governance.models import AgentGuard, CostEvent
from otp.runs.models import AgentRuntime, Run
from otp.runs.queue import _head

REASON = "heartbeat"
MAX_HEARTBEATS_KEPT = 20  # the heartbeats a run lists (the first ones and the latest); wake_count counts them all


def _unseen(session: Session, org_id: str | None) -> list[str]:
    """Agents with an external runtime and a heartbeat not yet folded into a run."""
    q = (select(AgentRuntime.agent_id).join(AgentGuard, AgentGuard.agent_id == AgentRuntime.agent_id)
         .where(AgentRuntime.adapter == "external", AgentGuard.last_heartbeat_at.is_not(None),
                or_(AgentRuntime.heartbeat_seen_at.is_(None),
                    AgentGuard.last_heartbeat_at > AgentRuntime.heartbeat_seen_at)))
    if org_id is not None:
        q = q.where(AgentRuntime.org_id == org_id)
    return list(session.execute(q).scalars())


def record_heartbeats(db: Database, now: datetime, *, org_id: str | None = None) -> int:
    """Fold new heartbeats into runs. Returns how many heartbeats were recorded."""
    with db.read() as s:
        agents = _unseen(s, org_id)
    recorded = 0
    for agent_id in agents:
        with db.write() as s:
            recorded += _fold(s, agent_id)
    return recorded


def _fold(session: Session, agent_id: str) -> int:
    runtime = session.execute(select(AgentRuntime).where(AgentRuntime.agent_id == agent_id)
                              .with_for_update()).scalar_one_or_none()
    guard = session.get(AgentGuard, agent_id)
    if runtime is None or runtime.adapter != "external" or guard is None or guard.last_heartbeat_at is None:
        return 0
    beat = guard.last_heartbeat_at
    if runtime.heartbeat_seen_at is not None and beat <= runtime.heartbeat_seen_at:
        return 0  # another worker folded it first
    runtime.heartbeat_seen_at = beat
    if beat <= runtime.updated_at:
        return 0  # a heartbeat from before this runtime was configured belongs to no run of it
    until = beat + timedelta(seconds=runtime.time_limit_seconds)
    entry = {"reason": REASON, "at": beat.isoformat()}
    going = session.execute(select(Run).where(Run.agent_id == agent_id, Run.adapter == "external",
                                              Run.state == "running").with_for_update()).scalar_one_or_none()
    if going is not None:
        going.wake_count += 1
        kept = going.wakes if len(going.wakes) < MAX_HEARTBEATS_KEPT else going.wakes[:MAX_HEARTBEATS_KEPT - 1]
        going.wakes = [*kept, entry]
        going.lease_until = max(going.lease_until or until, until)
        return 1
    run = Run(id=new_id("run"), org_id=runtime.org_id, agent_id=agent_id, adapter="external", state="running",
              reason=REASON, wakes=[entry], wake_count=1, detail="", due_at=beat, started_at=beat,
              lease_until=until, start_seq=_head(session, runtime.org_id), cost_cents=0, tokens=0, progress="",
              output="", output_bytes=0, cancel_requested=False, created_at=beat)
    session.add(run)
    session.flush()
    record(session, system_actor(runtime.org_id), "run.started", "run", run.id,
           {"agent_id": agent_id, "reason": REASON, "wakes": 1, "adapter": "external"})
    return 1


def end(session: Session, run: Run, now: datetime) -> None:
    """End an external run whose agent went quiet: it ended at its last heartbeat, having spent
    what the agent reported between its first heartbeat and then."""
    runtime = session.get(AgentRuntime, run.agent_id)
    last = runtime.heartbeat_seen_at if runtime is not None and runtime.heartbeat_seen_at else run.started_at
    last = max(min(last, now), run.started_at)
    cents, tokens = session.execute(select(func.coalesce(func.sum(CostEvent.cents), 0),
                                           func.coalesce(func.sum(CostEvent.tokens), 0)).where(
        CostEvent.agent_id == run.agent_id, CostEvent.occurred_at >= run.started_at,
        CostEvent.occurred_at <= last)).one()
    quiet = runtime.time_limit_seconds if runtime is not None else None
    run.state, run.ended_at, run.lease_owner = "succeeded", last, None
    run.cost_cents, run.tokens = int(cents), int(tokens)
    run.detail = (f"no heartbeat for {quiet} s: the run is taken to have ended at its last heartbeat"
                  if quiet else "the agent's runtime is no longer external: the run ended at its last heartbeat")
