"""GET /api/v1/me/briefing for an agent in a 10,000-seat organization, over real HTTP, next to a
bare Starlette JSON endpoint (the floor) served the same way on the same machine in the same run.

What it measures: a 10,000-seat chart (people on the upper levels, agents on the leaves, with
background to-dos, measurables and inbox items spread over it; bulk-inserted — loading is not
timed) and one agent four levels below the top with real work: measurables (some reported this period),
outcomes (one without a recent status), open and due to-dos, issues, SOPs on every seat of its
chain (one overridden), SOP edits and approval decisions since its last heartbeat, unread inbox
items. Each server is a uvicorn process (one worker, no access log), driven by wrk (bench/_wrk.py)
over keep-alive connections, 1 and then 16, for a fixed time. Reported: p50 and p99 latency as
wrk sees it, and requests per second.
Also reported: the server process's CPU time per request (from /proc), which holds on a busy machine
where wall-clock numbers mostly measure the run queue; on PostgreSQL (when it runs on this
machine) the database processes' CPU per briefing too. Targets: briefing p99 under 25 ms; briefing
throughput at least 40% of the floor's (issue 19; it was 30% before).

How the app serves it: on SQLite the read runs on the event loop's thread (CPU work in the process,
no worker-thread hop); on PostgreSQL on a worker thread, as it waits on the network. With the
database, two clients and the app on the same machine, PostgreSQL's own CPU competes with both.

Run: python -m bench.run briefing   (--quick: 1,000 seats, shorter runs;
     OTP_BENCH_DATABASE_URL=postgresql://... to run on PostgreSQL)
"""
from __future__ import annotations

import glob
import os
import subprocess
import sys
import tempfile
import time
from datetime import timedelta

from sqlalchemy import select

from bench import _wrk
from bench._table import print_table
from otp.auth.tokens import person_actor
from otp.governance.tokens import create_token
from otp.core import clock
from otp.core.db import Database
from otp.core.ids import new_id
from otp.core.migrate import upgrade
from otp.governance.models import AgentGuard, ApprovalRequest
from otp.inbox.models import InboxItem
from otp.org import orgs, people
from otp.org.models import Agent, Membership, Person, Seat
from otp.scorecard import entries
from otp.scorecard.measurables import create_measurable
from otp.sops.models import Sop
from otp.sops.edit import create_sop, update_sop
from otp.work import issues, outcomes, todos
from otp.work.models import Todo

RESPS = ["Own the work", "Report weekly", "Raise issues early"]
FANOUT = 10
CONNECTIONS = (1, 16)

SERVER = r"""
import os, sys, uvicorn
mode, port = sys.argv[1], int(sys.argv[2])
if mode == "floor":
    from starlette.applications import Starlette
    from starlette.responses import JSONResponse
    from starlette.routing import Route
    async def floor(request):
        return JSONResponse({"ok": True, "items": [], "unread": 0})
    app = Starlette(routes=[Route("/floor", floor)])
else:
    from otp.api.app import create_app
    from otp.core.config import Settings
    app = create_app(Settings(database_url=os.environ["BENCH_URL"], data_dir=None, secret_key="bench"))
    app.state.freeze_heap = True  # as `otp serve` sets it (otp.core.heap)
uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
"""


def build(db: Database, seats: int) -> tuple[str, str]:
    """The organization; returns (bench agent's token, its seat id).

    The chart and the agent's last heartbeat are made an hour ago (the clock set back), the work
    since then now, on the real clock: the server answers on the real clock too, so the numbers
    are reported in the period it asks about (made an hour ahead instead, they fell in next
    week's period on a Sunday evening)."""
    clock.advance(timedelta(hours=-1))
    now = clock.now()
    with db.write() as s:
        owner = people.create_person(s, email=f"bench-{new_id('x')}@example.com", name="Bench Owner")
        org = orgs.create_organization(s, name="Bench", slug=f"bench-{new_id('b')[-8:]}", owner_person_id=owner.id)
        org_id, owner_id = org.id, owner.id
    ids = [new_id("seat") for _ in range(seats)]
    parent = [None] + [ids[(i - 1) // FANOUT] for i in range(1, seats)]
    internal = (seats - 2) // FANOUT + 1  # seats with children: held by people; leaves by agents
    person_ids = [owner_id] + [new_id("per") for _ in range(1, internal)]
    agent_ids = [new_id("agt") for _ in range(seats - internal)]
    with db.write() as s:
        s.execute(Person.__table__.insert(), [dict(id=p, email=f"{p}@bench.example", name=f"Person {i}",
                                                   created_at=now) for i, p in enumerate(person_ids[1:], 1)])
        s.execute(Membership.__table__.insert(), [dict(id=new_id("mem"), org_id=org_id, person_id=p, role="member",
                                                       created_at=now) for p in person_ids[1:]])
        s.execute(Agent.__table__.insert(), [dict(id=a, org_id=org_id, name=f"agent-{i}", runtime="custom",
                                                  description="", status="active", level=5, created_at=now)
                                             for i, a in enumerate(agent_ids)])
        s.execute(Seat.__table__.insert(), [dict(
            id=ids[i], org_id=org_id, title=f"Seat {i}", purpose=f"Purpose of seat {i}", responsibilities=RESPS,
            parent_id=parent[i], position=i, occupant_person_id=person_ids[i] if i < internal else None,
            occupant_agent_id=agent_ids[i - internal] if i >= internal else None, created_at=now, updated_at=now)
            for i in range(seats)])
        # Background: work on other seats, so every query runs against a populated table.
        s.execute(Todo.__table__.insert(), [dict(
            id=new_id("todo"), org_id=org_id, title=f"Todo {i}", owner_seat_id=ids[i % seats],
            due_at=now + timedelta(hours=i % 300), source="manual", created_by_kind="system", created_at=now)
            for i in range(2 * seats)])
        s.execute(InboxItem.__table__.insert(), [dict(
            id=new_id("inb"), org_id=org_id, recipient_kind="agent", recipient_id=agent_ids[i % len(agent_ids)],
            kind="message", title=f"Message {i}", body="", created_at=now) for i in range(2 * seats)])
    seat_index = seats - 1  # the deepest, last leaf
    chain = [seat_index]
    while parent[chain[-1]] is not None:
        chain.append(ids.index(parent[chain[-1]]))
    seat_id, agent_id = ids[seat_index], agent_ids[seat_index - internal]
    with db.write() as s:
        owner_actor = person_actor(s, owner_id, org_id)
        for depth, index in enumerate(chain):
            for k in ("handover", "weekly-report", f"level-{depth}"):
                create_sop(s, owner_actor, ids[index], key=k, title=f"{k} at seat {index}", steps=["One", "Two"])
        s.add(AgentGuard(agent_id=agent_id, org_id=org_id, last_heartbeat_at=clock.now(),
                         last_event_id=0, idle_heartbeats=0, evidence_rejections_seen=0))
    clock.reset()  # the work below happens now, an hour after the agent's last heartbeat
    with db.write() as s:
        for sop in s.execute(select(Sop).where(Sop.seat_id.in_([ids[chain[1]], ids[chain[2]]]))).scalars():
            update_sop(s, owner_actor, sop.id, {"notes": "Revised"})
        for i in range(5):
            m = create_measurable(s, owner_actor, title=f"Number {i}", owner_seat_id=seat_id, target=10, key=f"n{i}")
            if i < 3:
                entries.report(s, owner_actor, measurable_id=m.id, value=12)
        for i in range(3):
            outcomes.create_outcome(s, owner_actor, title=f"Outcome {i}", definition_of_done="Done",
                                    owner_seat_id=seat_id)
        for i in range(30):
            todos.create_todo(s, owner_actor, title=f"Todo {i}", owner_seat_id=seat_id,
                              due_at=clock.now() + timedelta(hours=2 if i < 5 else 100))
        for i in range(10):
            issues.raise_issue(s, owner_actor, title=f"Issue {i}", owner_seat_id=seat_id)
        for i in range(15):
            item = InboxItem(id=new_id("inb"), org_id=org_id, recipient_kind="agent", recipient_id=agent_id,
                             kind="message", title=f"For you {i}", body="", created_at=clock.now())
            item.read_at = clock.now() if i >= 10 else None
            s.add(item)
        for state in ("approved", "rejected"):
            s.add(ApprovalRequest(id=new_id("apr"), org_id=org_id, requester_kind="agent", requester_id=agent_id,
                                  requester_seat_id=seat_id, action="outcome.create", payload=None, resource={},
                                  question="May I?", options=["approve", "reject"], recommended="approve",
                                  deadline=clock.now() + timedelta(days=1), state=state, reason="ok",
                                  decided_at=clock.now(), created_at=clock.now()))
        _, token = create_token(s, owner_actor, agent_id=agent_id, scopes=["read", "write"])
    _analyze(db)
    return token, seat_id


def _analyze(db: Database) -> None:
    if db.engine.dialect.name == "sqlite":
        with db.engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
    else:
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE")


def start_server(mode: str, url: str) -> tuple[subprocess.Popen, str]:
    return _wrk.start_server(SERVER, mode, url, ready_path="/floor" if mode == "floor" else "/api/v1/health")


def postgres_cpu_seconds() -> float | None:
    """CPU used so far by every PostgreSQL process on this machine (None: none visible). On
    PostgreSQL the database's own work per briefing competes for the same CPUs as the app and the
    clients; this makes it visible next to the app's."""
    total, seen = 0, False
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            text = open(stat).read()
        except OSError:
            continue
        if text[text.index("(") + 1:text.rindex(")")].startswith("postgres"):
            fields = text.rsplit(")", 1)[1].split()
            total, seen = total + int(fields[11]) + int(fields[12]), True
    return total / os.sysconf("SC_CLK_TCK") if seen else None


def main(quick: bool = False) -> None:
    import httpx
    seats, seconds = (1_000, 3.0) if quick else (10_000, 6.0)
    url = os.environ.get("OTP_BENCH_DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    upgrade(url)
    db = Database(url)
    t0 = time.perf_counter()
    token, _seat = build(db, seats)
    build_s = time.perf_counter() - t0
    db.dispose()
    headers = {"Authorization": f"Bearer {token}"}
    wrk = _wrk.find_wrk()
    if wrk is None:
        return
    brief: dict[int, _wrk.Result] = {}
    floor_r: dict[int, _wrk.Result] = {}
    db_cpu: dict[int, float] = {}
    app, base = start_server("briefing", url)
    try:
        body = httpx.get(f"{base}/api/v1/me/briefing", headers=headers, timeout=30).json()
        assert len(body["due_todos"]) >= 5 and len(body["measurables_to_report"]) == 2, body
        assert body["inbox"]["unread"] >= 10 and len(body["approval_decisions"]) == 2 and body["sop_changes"], body
        for c in CONNECTIONS:
            db0 = postgres_cpu_seconds() if url.startswith("postgres") else None
            brief[c] = _wrk.run(wrk, f"{base}/api/v1/me/briefing", server_pid=app.pid, connections=c,
                                seconds=seconds, headers=headers)
            if db0 is not None:
                db_cpu[c] = (postgres_cpu_seconds() - db0) / max(1, brief[c].requests)
    finally:
        app.terminate()
        app.wait(timeout=30)
    floor, floor_base = start_server("floor", url)
    try:
        for c in CONNECTIONS:
            floor_r[c] = _wrk.run(wrk, f"{floor_base}/floor", server_pid=floor.pid, connections=c, seconds=seconds)
    finally:
        floor.terminate()
        floor.wait(timeout=30)
    dialect = "postgresql" if url.startswith("postgres") else "sqlite"
    rows = []
    for c in CONNECTIONS:
        b, f = brief[c], floor_r[c]
        rows.append(["briefing", c, b.requests, b.rps, f"{b.rps / f.rps:.0%}", b.p50_ms, b.p99_ms,
                     b.cpu_ms_per_request, b.errors + b.non2xx, "p99 < 25 ms, ≥ 40% of floor"])
        rows.append(["bare Starlette JSON (floor)", c, f.requests, f.rps, "100%", f.p50_ms, f.p99_ms,
                     f.cpu_ms_per_request, f.errors + f.non2xx, ""])
    rows.append(["seed (bulk insert + services), ms", "", "", "", "", build_s * 1000, "", "", "", ""])
    print_table(f"GET /api/v1/me/briefing, agent in a {seats:,}-seat organization, {dialect}; "
                f"wrk {seconds:.0f} s per row, one uvicorn process each",
                ["what", "connections", "requests", "requests/s", "share of floor", "p50 ms", "p99 ms",
                 "server CPU ms/request", "errors", "target"], rows)
    for c, cpu in db_cpu.items():
        if cpu < 0:  # a backend that exited during the run took its CPU time with it
            print(f"PostgreSQL server CPU per briefing at {c} connection(s): not measurable (backends exited)")
            continue
        print(f"PostgreSQL server CPU per briefing at {c} connection(s): {cpu * 1000:.3g} ms "
              "(all postgres processes on this machine)")
    print(f"load average after the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs "
          "(latency and throughput include the machine's queue; server CPU per request does not)")

if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
