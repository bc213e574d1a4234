"""Web pages for runs: an agent's runs section (its own page, and a fragment the agent page can
embed), one run with its output and events, "Run now" and "Cancel" forms, and a live tail of a
running run over server-sent events (read from the database, so any app instance serves it).

Routes: GET /agents/{id}/runs (page), GET /agents/{id}/runs/section (fragment), POST
/agents/{id}/runs/wake, GET /agents/{id}/runs/{run_id} (page), GET /runs/{run_id}/tail (SSE),
POST /runs/{run_id}/cancel."""
from __future__ import annotations

import html
import time

import anyio
from fastapi import APIRouter, Form, Request
from fastapi.responses import StreamingResponse
from sqlalchemy import select

from otp.core import clock
from otp.core.errors import OTPError
from otp.org.models import Agent
from otp.outbox.stream import server_exiting
from otp.runs import runtime as runtimes, service
from otp.runs.models import ENDED, Run
from otp.web.actions import attempt, finish, posted
from otp.web.pages import actor_of, render

router = APIRouter()
POLL_SECONDS, KEEPALIVE_SECONDS, MAX_SECONDS = 1.0, 15.0, 300.0
TAIL_CHARS = 8000  # what the live tail shows of the (up to 64 KB) output


def section_context(s, actor, agent_id: str) -> dict:
    runs = service.list_runs(s, actor, agent_id, limit=30)
    agent = s.get(Agent, agent_id)
    return {"agent": agent, "runtime": runtimes.runtime_dict(runtimes.runtime_of(s, actor, agent_id)),
            "runs": runs, "running": next((r for r in runs if r.state == "running"), None),
            "now": clock.now(), "may_wake": actor.is_person and actor.role in ("owner", "admin", "member"),
            "TAIL_CHARS": TAIL_CHARS}


def _not_found(request: Request, actor, error: OTPError):
    return render(request, "error.html", {"message": error.message}, status=error.status, actor=actor)


@router.get("/agents/{agent_id}/runs")
def runs_page(request: Request, agent_id: str):
    actor = actor_of(request)
    try:
        with request.app.state.db.read() as s:
            context = section_context(s, actor, agent_id)
    except OTPError as exc:
        return _not_found(request, actor, exc)
    return render(request, "runs/runs.html", context, actor=actor)


@router.get("/agents/{agent_id}/runs/section")
def runs_section(request: Request, agent_id: str):
    """The runs section alone, for the agent page to include (hx-get) and to refresh."""
    actor = actor_of(request)
    try:
        with request.app.state.db.read() as s:
            context = section_context(s, actor, agent_id)
    except OTPError as exc:
        return _not_found(request, actor, exc)
    return render(request, "runs/_section.html", context, actor=actor)


@router.post("/agents/{agent_id}/runs/wake")
def run_now(request: Request, agent_id: str, csrf_token: str = Form("")):
    actor = posted(request, csrf_token)
    done = attempt(request, lambda s: service.run_now(s, actor, agent_id))
    message = None
    if done.ok:
        message = "Queued: it starts within a second." if done.value[1] else "Joined the run already waiting."
    return finish(request, done, to=f"/agents/{agent_id}/runs", success=message,
                  on_error=lambda e: _section_error(request, actor, agent_id, e))


@router.post("/runs/{run_id}/cancel")
def cancel_run(request: Request, run_id: str, csrf_token: str = Form("")):
    actor = posted(request, csrf_token)
    done = attempt(request, lambda s: service.cancel(s, actor, run_id))
    agent_id = done.value.agent_id if done.ok else _agent_of(request, actor, run_id)
    return finish(request, done, to=f"/agents/{agent_id}/runs" if agent_id else "/chart",
                  success="Cancelled." if done.ok and done.value.state == "cancelled" else "Stopping the run.",
                  on_error=lambda e: _section_error(request, actor, agent_id, e) if agent_id
                  else _not_found(request, actor, e))


def _agent_of(request: Request, actor, run_id: str) -> str | None:
    with request.app.state.db.read() as s:
        run = s.get(Run, run_id) if isinstance(run_id, str) else None
        return run.agent_id if run is not None and run.org_id == actor.org_id else None


def _section_error(request: Request, actor, agent_id: str, error: OTPError):
    try:
        with request.app.state.db.read() as s:
            context = section_context(s, actor, agent_id)
    except OTPError as exc:
        return _not_found(request, actor, exc)
    context["error"] = error
    return render(request, "runs/runs.html", context, status=error.status, actor=actor)


@router.get("/agents/{agent_id}/runs/{run_id}")
def run_page(request: Request, agent_id: str, run_id: str):
    actor = actor_of(request)
    try:
        with request.app.state.db.read() as s:
            run = service.get_run(s, actor, run_id)
            if run.agent_id != agent_id:
                return render(request, "error.html", {"message": "No such run for this agent."}, status=404,
                              actor=actor)
            context = {"run": run, "events": service.run_events(s, run), "agent": s.get(Agent, agent_id),
                       "TAIL_CHARS": TAIL_CHARS}
    except OTPError as exc:
        return _not_found(request, actor, exc)
    return render(request, "runs/run.html", context, actor=actor)


def _tail(db, org_id: str, run_id: str) -> tuple[str, int, str] | None:
    with db.read() as s:
        row = s.execute(select(Run.state, Run.output_bytes, Run.output).where(
            Run.id == run_id, Run.org_id == org_id)).first()
    return None if row is None else (row[0], row[1], row[2])


def _sse(event: str, text: str) -> str:
    body = "\n".join(f"data: {line}" for line in text.split("\n"))
    return f"event: {event}\n{body}\n\n"


@router.get("/runs/{run_id}/tail")
def tail(request: Request, run_id: str):
    """Server-sent events: `output` (the escaped last lines, as HTML) whenever the run prints,
    `ended` once when it ends."""
    actor = actor_of(request)
    db = request.app.state.db
    if _tail(db, actor.org_id, run_id) is None:
        return render(request, "error.html", {"message": "No such run."}, status=404, actor=actor)

    async def stream():
        yield "retry: 2000\n\n"
        seen, started, last_write = -1, time.monotonic(), time.monotonic()
        while not server_exiting() and time.monotonic() - started < MAX_SECONDS:
            if await request.is_disconnected():
                break
            current = await anyio.to_thread.run_sync(_tail, db, actor.org_id, run_id)
            if current is None:
                break
            state, size, output = current
            if size != seen:
                seen, last_write = size, time.monotonic()
                yield _sse("output", html.escape(output[-TAIL_CHARS:]))
            elif time.monotonic() - last_write >= KEEPALIVE_SECONDS:
                yield ": keep-alive\n\n"
                last_write = time.monotonic()
            if state in ENDED:
                yield _sse("ended", state)
                break
            await anyio.sleep(POLL_SECONDS)

    return StreamingResponse(stream(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
