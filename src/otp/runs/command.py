"""The `command` adapter: runs the configured argument list (never a shell) as its own process
group in the agent's working folder, with an environment that carries only what the run needs,
and supervises it: output tail, lease renewal, time and cost limits, cancel and pause.

Stopping is SIGTERM to the whole group, then SIGKILL after a grace period, so the agent's own
children die with it.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select, update

from otp.core import clock
from otp.core.config import data_dir
from otp.core.db import Database
from otp.org.models import Agent, Organization
from otp.runs import limits
from otp.runs.ending import GRACE_SECONDS, Started, finish, parse_cost
from otp.runs.models import Run
from otp.runs.output import Tail, text_of
from otp.runs.placeholders import expand
from otp.runs.queue import lease_seconds

POLL = 0.05  # seconds between looks at the process
SYNC = 1.0  # seconds between lease renewals / output flushes / limit checks
BASE_ENV = ("PATH", "LANG", "LC_ALL", "TZ")


def otp_url() -> str:
    return os.environ.get("OTP_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")


def grace_seconds() -> float:
    try:
        return max(0.1, float(os.environ.get("OTP_RUN_GRACE_SECONDS", GRACE_SECONDS)))
    except ValueError:
        return GRACE_SECONDS


def workdir_of(run: Started) -> Path:
    folder = Path(run.config.get("workdir") or data_dir() / "agents" / run.agent_id)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass
class Prepared:
    argv: list[str]
    cwd: Path
    env: dict[str, str]
    files: list[Path]


def prepare(run: Started) -> Prepared:
    cwd = workdir_of(run)
    private = cwd / ".otp"
    private.mkdir(mode=0o700, exist_ok=True)
    briefing_file = private / f"briefing-{run.run_id}.json"
    briefing_file.write_text(json.dumps(run.briefing, default=str, indent=1))
    base = otp_url()
    mcp_url = base + "/mcp/"
    mcp_config = private / f"mcp-{run.run_id}.json"
    # the run's token is in this file only for the run's lifetime; it is removed at the end
    fd = os.open(mcp_config, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump({"mcpServers": {"otp": {"type": "http", "url": mcp_url,
                                          "headers": {"Authorization": f"Bearer {run.token}"}}}}, f)
    values = {"run_id": run.run_id, "agent_id": run.agent_id, "briefing_file": str(briefing_file),
              "workdir": str(cwd), "otp_url": base, "mcp_url": mcp_url, "mcp_config": str(mcp_config)}
    env = {k: os.environ[k] for k in BASE_ENV if k in os.environ}
    env.setdefault("PATH", "/usr/local/bin:/usr/bin:/bin")
    env.update(run.config.get("env") or {})
    env.update({"HOME": str(cwd), "OTP_TOKEN": run.token, "OTP_URL": base, "OTP_MCP_URL": mcp_url,
                "OTP_RUN_ID": run.run_id, "OTP_AGENT_ID": run.agent_id, "OTP_BRIEFING_FILE": str(briefing_file),
                "OTP_RUN_REASON": run.reason})
    return Prepared(expand(run.config["command"], values), cwd, env, [briefing_file, mcp_config])


def stop_group(proc: subprocess.Popen, grace: float) -> None:
    """SIGTERM to the process group; SIGKILL to it after `grace` seconds if the leader lives."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except (ProcessLookupError, PermissionError):
        return
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        pass
    kill_group(proc)


def kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _reader(stream, tail: Tail) -> None:
    while True:
        chunk = stream.read1(65536) if hasattr(stream, "read1") else stream.read(65536)
        if not chunk:
            break
        tail.write(chunk)


def _sync(db: Database, run: Started, worker: str, tail: Tail, flushed: int) -> tuple[str | None, int]:
    """Renew the lease, store new output, and say why the run must stop now (or None)."""
    raw, total, version = tail.snapshot()
    now = clock.now()
    with db.write() as s:
        values = {"lease_until": now + timedelta(seconds=lease_seconds())}
        if version != flushed:
            values.update(output=text_of(raw), output_bytes=total)
        renewed = s.execute(update(Run).where(Run.id == run.run_id, Run.lease_owner == worker,
                                              Run.state == "running").values(**values)
                            .execution_options(synchronize_session=False)).rowcount
        if not renewed:
            return "the run is no longer this worker's (its lease ran out)", version
        cancel, cost = s.execute(select(Run.cancel_requested, Run.cost_cents).where(Run.id == run.run_id)).one()
        if cancel:
            return "cancelled", version
        if run.cost_limit is not None and cost >= run.cost_limit:
            return f"cost limit reached ({cost} of {run.cost_limit} cents)", version
        stop = limits.stop_reason(s, s.get(Agent, run.agent_id), s.get(Organization, run.org_id), now)
        return stop, version


def execute(db: Database, run: Started, worker: str) -> str:
    """Run the process to its end; record it; return the run's final state."""
    try:
        prepared = prepare(run)
        proc = subprocess.Popen(prepared.argv, cwd=prepared.cwd, env=prepared.env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
                                close_fds=True)
    except Exception as exc:  # noqa: BLE001 - a run that cannot start is a failed run, not a stuck one
        finish(db, run.run_id, worker, state="failed", detail=f"could not start: {exc}"[:500])
        return "failed"
    with db.write() as s:
        s.execute(update(Run).where(Run.id == run.run_id).values(pid=proc.pid)
                  .execution_options(synchronize_session=False))
    tail = Tail()
    reader = threading.Thread(target=_reader, args=(proc.stdout, tail), daemon=True, name=f"otp-run-out-{run.run_id}")
    reader.start()
    started = time.monotonic()
    next_sync, flushed = started + SYNC, -1
    state, detail = None, ""
    while proc.poll() is None:
        time.sleep(POLL)
        if time.monotonic() - started > run.time_limit:
            state, detail = "timed_out", f"time limit of {run.time_limit} s reached"
            break
        if time.monotonic() >= next_sync:
            next_sync += SYNC
            try:
                why, flushed = _sync(db, run, worker, tail, flushed)
            except Exception:  # noqa: BLE001 - a database hiccup must not orphan the process
                why = None
            if why:
                state = "cancelled" if why == "cancelled" else "failed"
                detail = why if why == "cancelled" else f"stopped: {why}"
                break
    if state is not None:
        stop_group(proc, grace_seconds())
    kill_group(proc)  # children left behind by a leader that exited die with it
    proc.wait()
    reader.join(5)
    _cleanup(prepared)
    raw, total, _ = tail.snapshot()
    text = text_of(raw)
    cents, tokens = parse_cost(text)
    if state is None:
        state = "succeeded" if proc.returncode == 0 else "failed"
        detail = "" if proc.returncode == 0 else f"exited with {proc.returncode}"
    finish(db, run.run_id, worker, state=state, exit_code=proc.returncode, output=text, output_bytes=total,
           detail=detail, cost_cents=cents, tokens=tokens)
    return state


def _cleanup(prepared: Prepared) -> None:
    """The run's files hold its (now revoked) token and its briefing: remove them."""
    for path in prepared.files:
        try:
            path.unlink()
        except OSError:
            pass
