"""The two transactions that bracket every run: `begin` (the last checks, the run token, the
briefing, run.started — or run.skipped with why) and `finish` (state, exit code, output, cost,
the token revoked, run.ended). Both only act on a run this worker holds the lease of."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.auth.actor import system_actor
from otp.auth.models import ApiToken
from otp.auth.tokens import agent_actor
from otp.core import clock
from otp.core.db import Database
from otp.core.types import iso
from otp.events.service import record
from otp.governance.tokens import create_token
from otp.org.models import Agent, Organization
from otp.runs import limits
from otp.runs.concern import changed_since
from otp.runs.models import AgentRuntime, Run
from otp.runs.queue import _head, lease_seconds

GRACE_SECONDS = 5  # SIGTERM, then SIGKILL this long after


@dataclass
class Started:
    run_id: str
    org_id: str
    agent_id: str
    agent_name: str
    adapter: str
    config: dict
    reason: str
    token: str
    briefing: dict
    time_limit: int
    cost_limit: int | None
    started_at: object


def _previous(session: Session, run: Run) -> Run | None:
    """The last run that saw the agent's world through (succeeded): a run that failed, timed out
    or was abandoned did not, so the next scheduled run is not skipped on its account."""
    return session.execute(select(Run).where(Run.agent_id == run.agent_id, Run.id != run.id,
                                             Run.state == "succeeded", Run.start_seq.is_not(None))
                           .order_by(Run.started_at.desc()).limit(1)).scalar_one_or_none()


def skip_reason(session: Session, run: Run, agent: Agent, org: Organization, now) -> str | None:
    stop = limits.stop_reason(session, agent, org, now)
    if stop:
        return stop
    if all(w.get("reason") == "schedule" for w in run.wakes) and run.wake_count <= len(run.wakes):
        last = _previous(session, run)
        if last is not None and not changed_since(session, run.org_id, run.agent_id, last.start_seq,
                                                  last.started_at):
            return f"nothing it owns or receives has changed since its last run ({iso(last.started_at)})"
    return None


def begin(db: Database, run_id: str, worker: str) -> Started | None:
    """Start the claimed run, or end it as skipped (with why). None: not started."""
    from otp.agentface.briefing import briefing
    with db.write() as s:
        run = s.execute(select(Run).where(Run.id == run_id).with_for_update()).scalar_one_or_none()
        if run is None or run.state != "running" or run.lease_owner != worker:
            return None
        agent, org = s.get(Agent, run.agent_id), s.get(Organization, run.org_id)
        runtime = s.get(AgentRuntime, run.agent_id)
        now = clock.now()
        why = "the agent has no runtime configured" if runtime is None else skip_reason(s, run, agent, org, now)
        if why is None and run.cancel_requested:
            why = "cancelled before it started"
        if why is not None:
            run.state, run.detail, run.ended_at, run.lease_owner = "skipped", why[:500], now, None
            record(s, system_actor(run.org_id), "run.skipped", "run", run.id,
                   {"agent_id": run.agent_id, "reason": run.reason, "why": why})
            return None
        run.start_seq = _head(s, run.org_id)
        run.adapter = runtime.adapter
        run.lease_until = now + timedelta(seconds=lease_seconds())  # waiting for this transaction is not held against it
        expires = now + timedelta(seconds=runtime.time_limit_seconds + GRACE_SECONDS + 60)
        token_row, token = create_token(s, system_actor(run.org_id), agent_id=agent.id, scopes=["read", "write"],
                                        name=f"run {run.id}", expires_at=expires)
        run.token_id = token_row.id
        record(s, system_actor(run.org_id), "run.started", "run", run.id,
               {"agent_id": agent.id, "reason": run.reason, "wakes": run.wake_count, "adapter": runtime.adapter})
        started = Started(run.id, run.org_id, agent.id, agent.name, runtime.adapter, dict(runtime.config or {}),
                          run.reason, token, {}, runtime.time_limit_seconds, runtime.cost_limit_cents, now)
    # The briefing is read after the commit: the write transaction (and, on PostgreSQL, the
    # organization's event-chain lock) stays as short as it can.
    with db.read() as s:
        started.briefing = briefing(s, agent_actor(s, started.agent_id))
    return started


def close_token(session: Session, run: Run) -> None:
    """The run's token stops working the moment the run ends."""
    if run.token_id is None:
        return
    token = session.get(ApiToken, run.token_id)
    if token is not None and token.revoked_at is None:
        token.revoked_at = clock.now()


def parse_cost(text: str) -> tuple[int, int]:
    """(cents, tokens) from the last JSON line of the output that reports a cost: Claude Code's
    `--output-format json` result (`total_cost_usd`, `usage`), or `{"cost_cents": N, "tokens": M}`."""
    for line in reversed(text.splitlines()):
        line = line.strip()
        if not (line.startswith("{") and line.endswith("}")):
            continue
        try:
            data = json.loads(line)
        except ValueError:
            continue
        if not isinstance(data, dict):
            continue
        usage = data.get("usage") if isinstance(data.get("usage"), dict) else {}
        tokens = sum(v for k, v in usage.items() if k.endswith("tokens") and isinstance(v, int))
        if isinstance(data.get("total_cost_usd"), (int, float)):
            return max(0, round(data["total_cost_usd"] * 100)), tokens
        if isinstance(data.get("cost_cents"), int):
            return max(0, data["cost_cents"]), data.get("tokens") if isinstance(data.get("tokens"), int) else tokens
    return 0, 0


def finish(db: Database, run_id: str, worker: str | None, *, state: str, exit_code: int | None = None,
           output: str | None = None, output_bytes: int | None = None, detail: str = "",
           cost_cents: int = 0, tokens: int = 0, by_agent: bool = False) -> bool:
    """End a running run held by `worker` — or, `by_agent`, the run its own agent closes (http)."""
    from otp.governance.guards import report_cost
    with db.write() as s:
        run = s.execute(select(Run).where(Run.id == run_id).with_for_update()).scalar_one_or_none()
        if run is None or run.state != "running" or (not by_agent and run.lease_owner != worker):
            return False
        if cost_cents or tokens:  # what the adapter's output says it spent feeds the budget
            agent = agent_actor(s, run.agent_id)
            report_cost(s, agent, cents=cost_cents, tokens=tokens, note=f"run {run.id}")
            run.cost_cents += cost_cents
            run.tokens += tokens
        now = clock.now()
        run.state, run.exit_code, run.ended_at, run.lease_owner = state, exit_code, now, None
        run.detail = detail[:500]
        if output is not None:
            run.output = output
        if output_bytes is not None:
            run.output_bytes = output_bytes
        run.end_seq = _head(s, run.org_id)
        close_token(s, run)
        record(s, system_actor(run.org_id), "run.ended", "run", run.id,
               {"agent_id": run.agent_id, "state": state, "exit_code": exit_code, "cost_cents": run.cost_cents,
                "tokens": run.tokens, "detail": run.detail,
                "seconds": round((now - run.started_at).total_seconds(), 3) if run.started_at else None})
        return True
