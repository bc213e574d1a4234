"""Governed writes (create_todo): at the service layer against a hash-chained insert, and over
REST and MCP (HTTP, driven by wrk) against a bare Starlette POST served the same way; on SQLite,
and on PostgreSQL too when OTP_BENCH_DATABASE_URL names one, then the two side by side.

What it measures, per database, in one run:

- **service layer**: `otp.work.todos.create_todo(session, owner, ...)` in its own transaction
  per call (policy decision, validation, the row, its hash-chained event, mentions) — median,
  p99 and calls/s — from one thread, and from 16 threads at once with how long each call held
  the point where writers serialize (SQLite's write lock; PostgreSQL's organization chain head
  row); next to **the floor**: a hash-chained insert (read the last hash, HMAC the row onto it,
  insert, commit) with one transaction per row — on SQLite with WAL and synchronous=NORMAL as
  the app runs, on PostgreSQL the same loop over psycopg.
- **REST** `POST /api/v1/todos` and **MCP** `create_todo` (a JSON-RPC `tools/call` POST to the
  stateless HTTP endpoint `/mcp/`), each driven by wrk at 1 and 16 connections against the
  floor: a bare Starlette endpoint that parses the JSON body and answers 201, served the same
  way (one uvicorn process, no access log). Printed: requests/s and its share of the floor's,
  p50/p99 as wrk sees them, and the server process's CPU per request (from /proc); then REST
  at 16 connections against 1 (the goal: no less throughput, p99 under 50 ms).
- With both databases: PostgreSQL's time per write over SQLite's (the goal: within 1.2x).

The actor is the organization's owner (a person): an agent writing thousands of to-dos a
second would, rightly, trip the flood guard. The policy decision still runs on every write.

Run: python -m bench.run write   (--quick: shorter runs; OTP_BENCH_DATABASE_URL=postgresql://...
     for PostgreSQL as well)
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

from bench import _wrk
from bench._table import median, p99, print_table
from otp.auth.tokens import person_actor
from otp.governance.tokens import create_token
from otp.core.db import Database
from otp.core.ids import new_id
from otp.core.migrate import upgrade
from otp.org import chart, orgs, people
from otp.work import todos

SERVER = r"""
import os, sys, uvicorn
mode, port = sys.argv[1], int(sys.argv[2])
if mode == "floor":
    from starlette.applications import Starlette
    from starlette.responses import JSONResponse
    from starlette.routing import Route
    async def floor(request):
        body = await request.json()
        return JSONResponse({"id": "todo_floor", "title": body.get("title")}, status_code=201)
    app = Starlette(routes=[Route("/floor", floor, methods=["POST"])])
else:
    from otp.api.app import create_app
    from otp.core.config import Settings
    app = create_app(Settings(database_url=os.environ["BENCH_URL"], data_dir=None, secret_key="bench"))
    app.state.freeze_heap = True  # as `otp serve` sets it (otp.core.heap)
uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
"""


def build(db: Database) -> tuple[str, str, str, str]:
    """An organization with one seat; returns (owner token, seat id, org id, owner id)."""
    with db.write() as s:
        owner = people.create_person(s, email=f"bench-{new_id('x')}@example.com", name="Bench Owner")
        org = orgs.create_organization(s, name="Bench", slug=f"bench-{new_id('b')[-8:]}", owner_person_id=owner.id)
        actor = person_actor(s, owner.id, org.id)
        seat = chart.create_seat(s, actor, title="Operations", purpose="Run the operation",
                                 responsibilities=["Own the work", "Report weekly", "Raise issues early"])
        _, token = create_token(s, actor, person_id=owner.id, scopes=["read", "write"])
        return token, seat.id, org.id, owner.id


def service_layer(db: Database, org_id: str, owner_id: str, seat_id: str, seconds: float) -> list[float]:
    with db.write() as s:
        actor = person_actor(s, owner_id, org_id)
    out, t_end, i = [], time.perf_counter() + seconds, 0
    while time.perf_counter() < t_end:
        i += 1
        t = time.perf_counter()
        with db.write() as s:
            todos.create_todo(s, actor, title=f"Service to-do {i}", owner_seat_id=seat_id)
        out.append(time.perf_counter() - t)
    return out


def service_layer_threads(db: Database, org_id: str, owner_id: str, seat_id: str, seconds: float,
                          threads: int = 16) -> tuple[list[float], list[float], float]:
    """`threads` writers at once in this process: (each call's latency, how long each call held
    the serialization point, the wall time). That point is SQLite's write lock, from BEGIN IMMEDIATE
    to the commit, and PostgreSQL's organization chain head, from its SELECT ... FOR UPDATE to the
    commit (the end of `db.write()`)."""
    from sqlalchemy import event

    from otp.events import service as events_service
    with db.write() as s:
        actor = person_actor(s, owner_id, org_id)
    local = threading.local()
    sqlite = db.engine.dialect.name == "sqlite"

    def stamp(conn):  # once the lock is granted, not while waiting for it
        # otp.core.db runs BEGIN IMMEDIATE on the driver in its own "begin" listener; this one,
        # registered after it, runs once that has returned.
        if not conn.get_execution_options().get("otp_readonly"):
            local.locked_at = time.perf_counter()

    class StampedHead:
        """The chain head's SELECT ... FOR UPDATE runs on the driver's cursor (otp.core.prepared),
        which engine events never see: stamp the moment it returns, the row lock granted."""
        def write(self, conn, params):
            row = head.write(conn, params)
            local.locked_at = time.perf_counter()
            return row
    head = events_service._HEAD
    if sqlite:
        event.listen(db.engine, "begin", stamp)
    else:
        events_service._HEAD = StampedHead()
    latencies: list[float] = []
    held: list[float] = []
    t_end = time.perf_counter() + seconds

    def writer(n: int) -> None:
        i = 0
        while time.perf_counter() < t_end:
            i += 1
            local.locked_at = None
            t = time.perf_counter()
            with db.write() as s:
                todos.create_todo(s, actor, title=f"Thread {n} to-do {i}", owner_seat_id=seat_id)
            done = time.perf_counter()
            latencies.append(done - t)
            if local.locked_at is not None:
                held.append(done - local.locked_at)
    workers = [threading.Thread(target=writer, args=(n,)) for n in range(threads)]
    started = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    if sqlite:
        event.remove(db.engine, "begin", stamp)
    else:
        events_service._HEAD = head
    return latencies, held, time.perf_counter() - started


def chained_floor(url: str, seconds: float) -> list[float]:
    """One hash-chained row per transaction: the least any audited write can cost."""
    key = b"bench-floor-key"
    if url.startswith("sqlite"):
        path = tempfile.mkdtemp() + "/floor.sqlite3"
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        ph, begin = "?", "BEGIN IMMEDIATE"
    else:
        import psycopg
        conn = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)
        conn.execute("DROP TABLE IF EXISTS bench_floor")
        ph, begin = "%s", "BEGIN"
    conn.execute("CREATE TABLE bench_floor (id INTEGER PRIMARY KEY, payload TEXT NOT NULL, prev TEXT NOT NULL, "
                 "hash TEXT NOT NULL)")
    out, t_end, i = [], time.perf_counter() + seconds, 0
    while time.perf_counter() < t_end:
        i += 1
        t = time.perf_counter()
        conn.execute(begin)
        row = conn.execute("SELECT hash FROM bench_floor ORDER BY id DESC LIMIT 1").fetchone()
        prev = row[0] if row else ""
        payload = json.dumps({"title": f"Floor row {i}", "owner_seat_id": "seat"})
        digest = hmac.new(key, (prev + payload).encode(), hashlib.sha256).hexdigest()
        conn.execute(f"INSERT INTO bench_floor (id, payload, prev, hash) VALUES ({ph}, {ph}, {ph}, {ph})",
                     (i, payload, prev, digest))
        conn.execute("COMMIT")
        out.append(time.perf_counter() - t)
    if not url.startswith("sqlite"):
        conn.execute("DROP TABLE bench_floor")
    conn.close()
    return out


def start_server(mode: str, url: str) -> tuple[subprocess.Popen, str]:
    return _wrk.start_server(SERVER, mode, url, ready_path="/" if mode == "floor" else "/api/v1/health")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    proc.wait(timeout=30)


def measure(url: str, seconds: float, wrk: str | None) -> dict:
    """Everything this bench measures on one database: {"service": [...], "threads": (...),
    "floors": {name: [...]}, "http": {(what, connections): Result}}."""
    import httpx
    dialect = "postgresql" if url.startswith("postgres") else "sqlite"
    upgrade(url)
    db = Database(url)
    token, seat_id, org_id, owner_id = build(db)
    floors = {dialect: chained_floor("sqlite://" if dialect == "sqlite" else url, seconds)}
    service_t = service_layer(db, org_id, owner_id, seat_id, seconds)
    threads_t = service_layer_threads(db, org_id, owner_id, seat_id, seconds)
    db.dispose()
    out = {"dialect": dialect, "service": service_t, "threads": threads_t, "floors": floors, "http": {}}
    if wrk is None:
        return out
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json",
               "Accept": "application/json, text/event-stream"}
    rest_body = json.dumps({"title": "wrk to-do", "owner_seat_id": seat_id})
    mcp_body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "tools/call",
                           "params": {"name": "create_todo", "arguments": {"title": "wrk to-do",
                                                                           "owner_seat_id": seat_id}}})
    results = out["http"]
    floor, floor_base = start_server("floor", url)
    try:
        httpx.post(floor_base + "/floor", content=rest_body, headers=headers).raise_for_status()
        for c in (1, 16):
            results[("floor", c)] = _wrk.run(wrk, floor_base + "/floor", server_pid=floor.pid, connections=c,
                                             seconds=seconds, method="POST", body=rest_body, headers=headers)
    finally:
        stop(floor)
    app, base = start_server("app", url)
    try:
        r = httpx.post(base + "/api/v1/todos", content=rest_body, headers=headers, timeout=30)
        assert r.status_code == 201, r.text
        r = httpx.post(base + "/mcp/", content=mcp_body, headers=headers, timeout=30)
        assert r.status_code == 200 and not r.json()["result"].get("isError"), r.text
        for c in (1, 16):
            results[(REST, c)] = _wrk.run(
                wrk, base + "/api/v1/todos", server_pid=app.pid, connections=c, seconds=seconds, method="POST",
                body=rest_body, headers=headers)
            results[(MCP, c)] = _wrk.run(
                wrk, base + "/mcp/", server_pid=app.pid, connections=c, seconds=seconds, method="POST",
                body=mcp_body, headers=headers)
    finally:
        stop(app)
    return out


REST, MCP = "REST POST /api/v1/todos", "MCP tools/call create_todo"


def report(m: dict, seconds: float) -> None:
    ms, dialect = 1000, m["dialect"]
    service_t = m["service"]
    rate = len(service_t) / sum(service_t)
    floor_t = m["floors"][dialect]
    floor_rate = len(floor_t) / sum(floor_t)
    latencies, held, wall = m["threads"]
    lock = "write lock (BEGIN IMMEDIATE to commit)" if dialect == "sqlite" else "chain head (FOR UPDATE to commit)"
    rows = [["governed create_todo (service), 1 thread", len(service_t), median(service_t) * ms,
             p99(service_t) * ms, rate, f"{rate / floor_rate:.1%}"],
            ["governed create_todo (service), 16 threads", len(latencies), median(latencies) * ms,
             p99(latencies) * ms, len(latencies) / wall, f"{len(latencies) / wall / floor_rate:.1%}"],
            [f"  of which {lock} held", len(held), median(held) * ms if held else "not measured",
             p99(held) * ms if held else "not measured", "", ""],
            [f"floor: hash-chained insert, {dialect}", len(floor_t), median(floor_t) * ms, p99(floor_t) * ms,
             floor_rate, "100%"]]
    print_table(f"create_todo at the service layer, {dialect}, one transaction per call, {seconds:.0f} s each",
                ["what", "calls", "median ms", "p99 ms", "calls/s", "share of floor"], rows)
    results = m["http"]
    if not results:
        return
    rows = []
    for c in (1, 16):
        base_rps = results[("floor", c)].rps
        for what in (REST, MCP, "floor"):
            res = results[(what, c)]
            name = "bare Starlette POST (floor)" if what == "floor" else what
            rows.append([name, c, res.requests, res.rps, f"{res.rps / base_rps:.0%}", res.p50_ms, res.p99_ms,
                         res.cpu_ms_per_request, res.errors + res.non2xx])
    print_table(f"governed create_todo over HTTP, {dialect}; wrk {seconds:.0f} s per row, one uvicorn process each",
                ["what", "connections", "requests", "requests/s", "share of floor", "p50 ms", "p99 ms",
                 "server CPU ms/request", "errors"], rows)
    one, sixteen = results[(REST, 1)], results[(REST, 16)]
    print(f"REST at 16 connections, {dialect}: {sixteen.rps / one.rps:.2f}x the requests/s of 1 connection "
          f"(goal >= 1), p99 {sixteen.p99_ms:.1f} ms (goal < 50 ms)")


def compare(sqlite: dict, postgresql: dict) -> None:
    """PostgreSQL against SQLite, measured in the same run: how many times longer per write."""
    def per_call(m):
        return median(m["service"])

    def per_request(m, what, c):
        return 1 / m["http"][(what, c)].rps

    rows = [["service layer, median per call", per_call(sqlite) * 1000, per_call(postgresql) * 1000,
             per_call(postgresql) / per_call(sqlite)]]
    if sqlite["http"] and postgresql["http"]:
        for what in (REST, MCP):
            for c in (1, 16):
                rows.append([f"{what}, {c} conn., wall ms per request", per_request(sqlite, what, c) * 1000,
                             per_request(postgresql, what, c) * 1000,
                             per_request(postgresql, what, c) / per_request(sqlite, what, c)])
            rows.append([f"{what}, 1 conn., server CPU ms per request", sqlite["http"][(what, 1)].cpu_ms_per_request,
                         postgresql["http"][(what, 1)].cpu_ms_per_request,
                         postgresql["http"][(what, 1)].cpu_ms_per_request / sqlite["http"][(what, 1)].cpu_ms_per_request])
    print_table("governed create_todo, PostgreSQL against SQLite in the same run (goal: within 1.2x)",
                ["what", "sqlite", "postgresql", "postgresql / sqlite"], rows)


def main(quick: bool = False) -> None:
    wrk = _wrk.find_wrk()
    seconds = 3.0 if quick else 6.0
    # SQLite always; PostgreSQL too when OTP_BENCH_DATABASE_URL names one, then both are compared.
    urls = [f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"]
    pg = os.environ.get("OTP_BENCH_DATABASE_URL")
    if pg:
        urls.append(pg)
    measured = []
    for url in urls:
        m = measure(url, seconds, wrk)
        report(m, seconds)
        measured.append(m)
    if len(measured) == 2:
        compare(*measured)
    print(f"load average after the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs "
          "(the machine may be shared: compare rows of one run, not runs)")


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
