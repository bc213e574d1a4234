"""The runs as every face sees them: list, show (with output and the events the run wrote),
run now, cancel, and what an agent does within its own run (report cost and progress, close it).
"""
from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.governance.authz import require
from otp.core import clock, validate
from otp.core.errors import Conflict, Forbidden, Invalid, NotFound
from otp.events.models import Event
from otp.events.query import event_dict
from otp.events.service import record
from otp.org.models import Agent
from otp.runs.models import ENDED, STATES, AgentRuntime, Run
from otp.runs.queue import wake

MAX_LIMIT = 200


def run_dict(run: Run, *, output: bool = False) -> dict:
    out = {"id": run.id, "agent_id": run.agent_id, "adapter": run.adapter, "state": run.state,
           "reason": run.reason, "wake_count": run.wake_count, "wakes": run.wakes, "detail": run.detail,
           "due_at": run.due_at, "started_at": run.started_at, "ended_at": run.ended_at,
           "exit_code": run.exit_code, "pid": run.pid, "cost_cents": run.cost_cents, "tokens": run.tokens,
           "progress": run.progress, "output_bytes": run.output_bytes, "created_at": run.created_at}
    if output:
        out["output"] = run.output
    return out


def _agent(session: Session, actor: Actor, agent_id) -> Agent:
    agent = session.get(Agent, agent_id) if isinstance(agent_id, str) else None
    if agent is None or agent.org_id != actor.org_id:
        raise NotFound("no such agent in this organization", field="agent_id")
    return agent


def _run(session: Session, actor: Actor, run_id, lock: bool = False) -> Run:
    q = select(Run).where(Run.id == run_id) if isinstance(run_id, str) else None
    run = session.execute(q.with_for_update() if lock else q).scalar_one_or_none() if q is not None else None
    if run is None or run.org_id != actor.org_id:
        raise NotFound("no such run in this organization", field="run_id")
    return run


def list_runs(session: Session, actor: Actor, agent_id: str, *, state: str | None = None,
              limit: int = 50) -> list[Run]:
    require(session, actor, "read")
    _agent(session, actor, agent_id)
    limit = validate.integer("limit", limit, low=1, high=MAX_LIMIT)
    q = select(Run).where(Run.agent_id == agent_id)
    if state is not None:
        q = q.where(Run.state == validate.choice("state", state, STATES))
    return list(session.execute(q.order_by(Run.created_at.desc(), Run.id.desc()).limit(limit)).scalars())


def get_run(session: Session, actor: Actor, run_id: str) -> Run:
    require(session, actor, "read")
    return _run(session, actor, run_id)


def run_events(session: Session, run: Run) -> list[dict]:
    """What the run changed: the events its agent wrote while it ran."""
    if run.start_seq is None:
        return []
    q = select(Event).where(Event.org_id == run.org_id, Event.seq > run.start_seq, Event.actor_kind == "agent",
                            Event.actor_id == run.agent_id)
    if run.end_seq is not None:
        q = q.where(Event.seq <= run.end_seq)
    return [event_dict(e) for e in session.execute(q.order_by(Event.seq).limit(500)).scalars()]


def run_now(session: Session, actor: Actor, agent_id: str, note: str = "") -> tuple[Run, bool]:
    """A person wakes the agent now (agents may not: governance denies agent.wake to agents)."""
    note = validate.text("note", note, max_len=500, required=False)
    agent = _agent(session, actor, agent_id)
    require(session, actor, "agent.wake", {"type": "agent", "id": agent.id, "target_agent_id": agent.id},
            payload={"agent_id": agent.id, "note": note})
    runtime = session.get(AgentRuntime, agent.id)
    if runtime is None or runtime.adapter not in ("command", "http"):
        raise Conflict("OTP does not run this agent: configure a command or http adapter first", field="agent_id")
    run, new = wake(session, actor.org_id, agent.id, "run_now", adapter=runtime.adapter,
                    detail={"by": actor.ref(), **({"note": note} if note else {})})
    record(session, actor, "run.woken", "run", run.id, {"agent_id": agent.id, "note": note, "joined": not new})
    return run, new


def cancel(session: Session, actor: Actor, run_id: str) -> Run:
    """A queued run ends cancelled at once; a running one is stopped by its worker (SIGTERM, then
    SIGKILL) within a second or two."""
    run = _run(session, actor, run_id, lock=True)
    require(session, actor, "agent.wake", {"type": "agent", "id": run.agent_id, "target_agent_id": run.agent_id},
            payload={"run_id": run_id})
    if run.state in ENDED:
        raise Conflict(f"the run already ended ({run.state})", field="run_id")
    if run.cancel_requested:
        return run
    run.cancel_requested = True
    if run.state == "queued":
        run.state, run.ended_at, run.detail = "cancelled", clock.now(), f"cancelled by {actor.name or actor.kind}"
    elif run.adapter in ("http", "external"):  # no process of OTP's to stop: the agent holds it; end it now
        from otp.runs.ending import close_token
        run.state, run.ended_at, run.detail = "cancelled", clock.now(), f"cancelled by {actor.name or actor.kind}"
        close_token(session, run)
    record(session, actor, "run.cancelled", "run", run.id, {"agent_id": run.agent_id, "state": run.state})
    return run


def _own_running(session: Session, actor: Actor, run_id: str | None) -> Run:
    """The running run an agent acts within: the one named, or the one its token was minted for."""
    if actor.kind != "agent":
        raise Forbidden("only the run's own agent reports within a run; use the run's token", field="actor")
    if run_id is None:
        run = session.execute(select(Run).where(Run.token_id == actor.token_id, Run.state == "running")
                              .with_for_update()).scalar_one_or_none() if actor.token_id else None
        if run is None:
            raise NotFound("this token belongs to no running run; give run_id", field="run_id")
        return run
    run = _run(session, actor, run_id, lock=True)
    if run.agent_id != actor.id:
        raise Forbidden("a run is reported on by its own agent only", field="run_id")
    if run.state != "running":
        raise Conflict(f"the run is not running ({run.state})", field="run_id")
    return run


def report_cost(session: Session, actor: Actor, *, cents: int, tokens: int = 0, model: str = "",
                run_id: str | None = None) -> dict:
    """Cost spent within the run: counted on the run (its cost limit) and on the agent's budget."""
    from otp.governance.guards import report_cost as budget_cost
    run = _own_running(session, actor, run_id)
    answer = budget_cost(session, actor, cents=cents, tokens=tokens, model=model, note=f"run {run.id}")
    run.cost_cents += cents
    run.tokens += tokens
    return {"run_id": run.id, "run_cost_cents": run.cost_cents, **answer}


def report_progress(session: Session, actor: Actor, *, note: str, run_id: str | None = None) -> Run:
    note = validate.text("note", note, max_len=2000)
    run = _own_running(session, actor, run_id)
    require(session, actor, "read")  # progress is a note on the agent's own run, not a change to the org
    run.progress = note
    record(session, actor, "run.progress", "run", run.id, {"note": note})
    return run


def finish_own(db, actor: Actor, run_id: str, *, status: str, detail: str = "") -> dict:
    """The agent closes its run (the http adapter's agent, or any agent done early)."""
    from otp.runs.ending import finish
    status = validate.choice("status", status, ("succeeded", "failed"))
    detail = validate.text("detail", detail, max_len=500, required=False)
    with db.write() as s:
        run = _own_running(s, actor, run_id)
        if run.adapter != "http":
            raise Conflict("a command run ends when its process exits", field="run_id")
    if not finish(db, run_id, None, state=status, detail=detail, by_agent=True):
        raise Conflict("the run already ended", field="run_id")
    with db.read() as s:
        return run_dict(s.get(Run, run_id))


def mark_pid(session: Session, run_id: str, pid: int) -> None:
    session.execute(update(Run).where(Run.id == run_id).values(pid=pid).execution_options(synchronize_session=False))
