"""REST face of runs: an agent's runtime, its runs, waking it, and what an agent reports within
its own run. (Routers are discovered by name: every `router*` here is mounted.)"""
from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from otp.api.deps import ActorDep, AdminDep, DbDep, no_unknown_query
from otp.api.errors import READ_ONE, WRITE, responses
from otp.runs import runtime as runtimes, service
from otp.runs.schemas import CostIn, FinishIn, ProgressIn, RuntimeIn, WakeIn

router = APIRouter(prefix="/api/v1", tags=["runs"], dependencies=[Depends(no_unknown_query)])


@router.get("/agents/{agent_id}/runtime", responses=responses(*READ_ONE))
def get_runtime(agent_id: str, actor: ActorDep, db: DbDep) -> dict:
    """How and when OTP runs the agent (null: it does not; the agent starts itself)."""
    with db.read() as s:
        return {"runtime": runtimes.runtime_dict(runtimes.runtime_of(s, actor, agent_id))}


@router.put("/agents/{agent_id}/runtime", responses=responses(*WRITE))
def put_runtime(agent_id: str, body: RuntimeIn, actor: AdminDep, db: DbDep) -> dict:
    """Configure the agent's adapter, schedule and limits (administrators only; never an agent).
    For the http adapter the answer holds the signing secret once, when a new one is made."""
    with db.write() as s:
        row, secret = runtimes.configure(s, actor, agent_id=agent_id, **body.model_dump())
        out = {"runtime": runtimes.runtime_dict(row)}
        if secret:
            out["secret"] = secret
        return out


@router.get("/agents/{agent_id}/runs", responses=responses(*READ_ONE))
def agent_runs(agent_id: str, actor: ActorDep, db: DbDep,
               state: str | None = Query(None, max_length=16, pattern=r"^[a-z_]+$"),
               limit: int = Query(50, ge=1, le=200)) -> dict:
    """The agent's runs, newest first."""
    with db.read() as s:
        return {"items": [service.run_dict(r) for r in service.list_runs(s, actor, agent_id, state=state,
                                                                         limit=limit)]}


@router.post("/agents/{agent_id}/wake", status_code=202, responses=responses(*WRITE))
def wake_agent(agent_id: str, actor: ActorDep, db: DbDep, body: WakeIn | None = None) -> dict:
    """Run now: queue a run (or join the one already waiting). People only: governance denies
    waking an agent to agents."""
    with db.write() as s:
        run, new = service.run_now(s, actor, agent_id, note=(body.note if body else ""))
        return {"run": service.run_dict(run), "new": new}


@router.get("/runs/{run_id}", responses=responses(*READ_ONE))
def get_run(run_id: str, actor: ActorDep, db: DbDep) -> dict:
    """One run with its output (the last 64 KB, redacted) and the events its agent wrote in it."""
    with db.read() as s:
        run = service.get_run(s, actor, run_id)
        return {**service.run_dict(run, output=True), "events": service.run_events(s, run)}


@router.post("/runs/{run_id}/cancel", responses=responses(*WRITE))
def cancel_run(run_id: str, actor: ActorDep, db: DbDep) -> dict:
    with db.write() as s:
        return service.run_dict(service.cancel(s, actor, run_id))


@router.post("/runs/{run_id}/cost", responses=responses(*WRITE))
def report_run_cost(run_id: str, body: CostIn, actor: ActorDep, db: DbDep) -> dict:
    """The run's agent reports what it spent: counted against the run's cost limit and the budget."""
    with db.write() as s:
        return service.report_cost(s, actor, run_id=run_id, **body.model_dump())


@router.post("/runs/{run_id}/progress", responses=responses(*WRITE))
def report_run_progress(run_id: str, body: ProgressIn, actor: ActorDep, db: DbDep) -> dict:
    with db.write() as s:
        return service.run_dict(service.report_progress(s, actor, run_id=run_id, note=body.note))


@router.post("/runs/{run_id}/finish", responses=responses(*WRITE))
def finish_run(run_id: str, body: FinishIn, actor: ActorDep, db: DbDep) -> dict:
    """The agent closes its run (http adapter): its token stops working at once."""
    return service.finish_own(db, actor, run_id, status=body.status, detail=body.detail)
