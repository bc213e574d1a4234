"""The `http` adapter: the wake is POSTed to the agent's endpoint, signed the Standard Webhooks
way with the agent's secret, under the same SSRF rules as webhooks (checked at configuration,
checked again and pinned at delivery). The agent works over REST/MCP with the run token it
receives and closes its run (`POST /api/v1/runs/{id}/finish`); a run it never closes ends
timed_out when its time limit has passed."""
from __future__ import annotations

import json
from datetime import timedelta

import httpx
from sqlalchemy import update

from otp import __version__
from otp.core import clock
from otp.core.db import Database
from otp.core.types import iso
from otp.outbox import targets
from otp.outbox.signing import headers
from otp.runs.command import otp_url
from otp.runs.ending import Started, finish
from otp.runs.models import Run

TIMEOUT = httpx.Timeout(10.0)


def wake_body(run: Started) -> bytes:
    base = otp_url()
    data = {"run_id": run.run_id, "agent_id": run.agent_id, "agent": run.agent_name, "reason": run.reason,
            "briefing_url": f"{base}/api/v1/me/briefing", "token": run.token, "otp_url": base,
            "mcp_url": base + "/mcp/", "finish_url": f"{base}/api/v1/runs/{run.run_id}/finish",
            "time_limit_seconds": run.time_limit}
    return json.dumps({"type": "agent.wake", "timestamp": iso(clock.now()), "data": data},
                      separators=(",", ":")).encode()


def execute(db: Database, run: Started, worker: str) -> str:
    body = wake_body(run)
    try:
        target = targets.pin(run.config["url"])
    except targets.Refused as exc:
        finish(db, run.run_id, worker, state="failed", detail=f"wake refused: {exc.message}"[:500])
        return "failed"
    signed = headers(run.config["secret"], f"wake_{run.run_id}", int(clock.now().timestamp()), body)
    error = "no address to connect to"
    with httpx.Client(timeout=TIMEOUT, follow_redirects=False,
                      headers={"user-agent": f"OTP-Runs/{__version__}"}) as client:
        for url, extra, extensions in target.candidates:
            try:
                response = client.post(url, content=body, headers={**signed, **extra}, extensions=extensions)
                error = None if response.is_success else f"the agent's endpoint answered HTTP {response.status_code}"
                break
            except httpx.ConnectError as exc:
                error = f"{type(exc).__name__}: {exc}"
            except httpx.HTTPError as exc:
                error = f"{type(exc).__name__}: {exc}"
                break
    if error is not None:
        finish(db, run.run_id, worker, state="failed", detail=f"wake not delivered: {error}"[:500])
        return "failed"
    # Delivered: the agent now holds the run. No worker does; the time limit is its lease.
    with db.write() as s:
        s.execute(update(Run).where(Run.id == run.run_id, Run.state == "running", Run.lease_owner == worker)
                  .values(lease_owner=None, lease_until=run.started_at + timedelta(seconds=run.time_limit))
                  .execution_options(synchronize_session=False))
    return "running"
