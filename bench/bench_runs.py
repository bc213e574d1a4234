"""Scheduling agents: wake-to-start latency and the worker's CPU per run, 1,000 agents with a
trivial command (`/bin/true`), one `otp worker` process with its default interval (5 s).

What it measures: 1,000 agents (quick: 100), each with a `command` runtime on an hourly schedule,
bulk-inserted (not timed). Their schedule slots are then set a little ahead, spread evenly over
a window (200 s; quick: 20 s — 5 due a second), and a real `otp worker` process is started. A run's wake-to-start
latency is its start time minus its schedule slot: how long after it became due the process was
running. Reported: p50 and p99 of that, the runs per second the worker sustained, and the worker
process's own CPU time per run (from /proc: user + system, not counting the agents' processes).
The goal: p50 under 1 s with the worker's default interval; it holds because the runs dispatch
is a fast task the worker polls every OTP_RUN_POLL_SECONDS (0.25 s) between its 5-second ticks.
The baseline in the same run: the same agents' slots all due at one instant (a burst), which
measures how fast the queue drains rather than how fast one wake is noticed.

Each run is a few short transactions (claim; begin: checks, run token, briefing, run.started;
pid; finish: token revoked, run.ended) plus a fork/exec; the organization's run limit
(max_concurrent_runs) is raised to 1,000 so it does not cap the bench.

Run: python -m bench.run runs   (--quick: 100 agents; OTP_BENCH_DATABASE_URL=postgresql://... for
PostgreSQL)
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select, update

from bench._database import fresh_database
from bench._table import median, p99, print_table
from otp.auth.tokens import person_actor
from otp.core import clock
from otp.core.db import Database
from otp.core.ids import new_id
from otp.core.migrate import upgrade
from otp.org import orgs, people
from otp.org.models import Agent
from otp.runs.models import ENDED, AgentRuntime, Run

TRUE = "/bin/true"


def _seed(db: Database, n: int) -> str:
    with db.write() as s:
        owner = people.create_person(s, email=f"owner-{new_id('p')[-6:]}@bench.test", name="Owner", password="pw-owner")
        org = orgs.create_organization(s, name="Bench runs", slug=f"bench-runs-{new_id('o')[-6:]}",
                                       owner_person_id=owner.id)
        person_actor(s, owner.id, org.id)
        org.settings = {**(org.settings or {}), "max_concurrent_runs": 1000}
        far = clock.now() + timedelta(days=1)
        agents = [Agent(id=new_id("agt"), org_id=org.id, name=f"bench-{i}", runtime="custom", status="active",
                        level=3) for i in range(n)]
        s.add_all(agents)
        s.flush()
        s.add_all([AgentRuntime(agent_id=a.id, org_id=org.id, adapter="command", config={"command": [TRUE], "env": {}},
                                time_limit_seconds=60, max_concurrent=1, every_minutes=60, next_scheduled_at=far,
                                created_at=clock.now(), updated_at=clock.now()) for a in agents])
        return org.id


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _trial(url: str, db: Database, org_id: str, window: float | None, folder: Path) -> dict:
    """Spread the schedule slots over `window` seconds from a moment ahead — or, window None,
    queue one "run now" run per agent, all due at one instant — and run a worker until all ran."""
    with db.read() as s:
        agent_ids = list(s.execute(select(AgentRuntime.agent_id).where(AgentRuntime.org_id == org_id)
                                   .order_by(AgentRuntime.agent_id)).scalars())
    env = {**os.environ, "OTP_DATA_DIR": str(folder), "OTP_DATABASE_URL": url}
    worker = subprocess.Popen([sys.executable, "-m", "otp.cli.main", "worker"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(3)  # the worker has started and settled
        cpu_before = _cpu_seconds(worker.pid)
        start = clock.now() + timedelta(seconds=1)
        step = (window or 0.0) / max(1, len(agent_ids))
        slots = {a: start + timedelta(seconds=i * step) for i, a in enumerate(agent_ids)}
        with db.write() as s:
            if window is None:  # a burst: every agent woken for the same instant
                slots = {a: start for a in agent_ids}
                s.add_all([Run(id=new_id("run"), org_id=org_id, agent_id=a, adapter="command", state="queued",
                               reason="run_now", wakes=[{"reason": "run_now"}], wake_count=1, detail="", due_at=start,
                               cost_cents=0, tokens=0, progress="", output="", output_bytes=0,
                               cancel_requested=False, created_at=clock.now()) for a in agent_ids])
            for agent_id, slot in slots.items():
                s.execute(update(AgentRuntime).where(AgentRuntime.agent_id == agent_id)
                          .values(next_scheduled_at=slot if window is not None else None))
        begun = time.monotonic()
        deadline = begun + (window or 0.0) + 300
        while time.monotonic() < deadline:
            with db.read() as s:
                done = s.execute(select(func.count()).select_from(Run).where(
                    Run.org_id == org_id, Run.state.in_(ENDED), Run.due_at >= start - timedelta(seconds=1))).scalar_one()
            if done >= len(agent_ids):
                break
            time.sleep(0.5)
        elapsed = time.monotonic() - begun
        cpu = _cpu_seconds(worker.pid) - cpu_before
        with db.read() as s:
            rows = s.execute(select(Run.agent_id, Run.started_at, Run.state).where(
                Run.org_id == org_id, Run.due_at >= start - timedelta(seconds=1))).all()
    finally:
        worker.terminate()
        worker.wait(60)
    latencies = [(started - slots[agent]).total_seconds() for agent, started, state in rows if started is not None]
    states: dict[str, int] = {}
    for _, _, state in rows:
        states[state] = states.get(state, 0) + 1
    return {"runs": len(rows), "latencies": latencies, "states": states, "cpu": cpu, "elapsed": elapsed}


def main(quick: bool = False) -> None:
    n = 100 if quick else 1000
    window = 20.0 if quick else 200.0  # arrivals of 5 a second: a steady load, not a burst
    with tempfile.TemporaryDirectory() as tmp, fresh_database("runs") as url:
        folder = Path(tmp)
        upgrade(url)
        db = Database(url)
        org_id = _seed(db, n)
        spread = _trial(url, db, org_id, window, folder)
        burst = _trial(url, db, org_id, None, folder)
        db.dispose()
    rows = []
    for name, r in ((f"spread over {window:.0f} s", spread), ("all due at once (baseline)", burst)):
        lat = r["latencies"] or [float("nan")]
        rows.append([name, r["runs"], ", ".join(f"{k} {v}" for k, v in sorted(r["states"].items())),
                     median(lat), p99(lat), r["runs"] / r["elapsed"] if r["elapsed"] else 0.0,
                     1000 * r["cpu"] / max(1, r["runs"])])
    print_table(f"{n} agents, trivial command, one `otp worker` (interval 5 s, runs poll 0.25 s), "
                f"{'PostgreSQL' if os.environ.get('OTP_BENCH_DATABASE_URL') else 'SQLite'}",
                ["schedule", "runs", "states", "wake→start p50 s", "p99 s", "runs/s", "worker CPU ms/run"], rows)


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
