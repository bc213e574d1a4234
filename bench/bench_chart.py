"""GET /api/v1/chart for a 10,000-seat chart, over a real HTTP server (uvicorn on loopback).

What it measures: building the chart (10,000 seats, 4 levels, mixed humans/agents/vacancies)
through the service layer, then the latency of GET /api/v1/chart end to end — token check, one
query, tree ordering, JSON — as a client sees it. Alongside, in the same run, GET /api/v1/health
(the floor: auth-free, one trivial query) so the ratio says what the chart itself costs.
Target: chart JSON for 10,000 seats under 300 ms on SQLite.

Run: python -m bench.run chart   (OTP_BENCH_DATABASE_URL=postgresql://... to run on PostgreSQL)
"""
from __future__ import annotations

import os
import socket
import tempfile
import threading
import time

import httpx
import uvicorn

from bench._table import median, p99, print_table, timings
from otp.api.app import create_app
from otp.auth.tokens import person_actor
from otp.governance.tokens import create_token
from otp.core.config import Settings
from otp.core.db import Database
from otp.core.ids import new_id
from otp.core.migrate import upgrade
from otp.events.service import record
from otp.org import agents, orgs, people
from otp.org.models import Seat

RESPS = ["Own the number", "Report weekly", "Raise issues early"]


def build(db: Database, seats: int) -> str:
    """A chart of `seats` seats: one root, fan-out 22 per level, every 3rd seat an agent, every 10th vacant.
    Seats are inserted in bulk (the per-seat service path is measured by the tests, not here)."""
    with db.write() as s:
        owner = people.create_person(s, email=f"bench-{new_id('x')}@example.com", name="Bench Owner")
        org = orgs.create_organization(s, name="Bench", slug=f"bench-{new_id('b')[-8:]}", owner_person_id=owner.id)
        actor = person_actor(s, owner.id, org.id)
        bot = agents.create_agent(s, actor, name="bench-bot", level=5)
        ids = [new_id("seat")]
        rows = [dict(id=ids[0], org_id=org.id, title="CEO", purpose="Lead", responsibilities=RESPS,
                     parent_id=None, position=0, occupant_person_id=owner.id, occupant_agent_id=None)]
        for i in range(1, seats):
            ids.append(new_id("seat"))
            kind = "vacant" if i % 10 == 0 else "agent" if i % 3 == 0 else "person"
            rows.append(dict(id=ids[i], org_id=org.id, title=f"Seat {i}", purpose=f"Purpose of seat {i}",
                             responsibilities=RESPS, parent_id=ids[(i - 1) // 22], position=i,
                             occupant_person_id=owner.id if kind == "person" else None,
                             occupant_agent_id=bot.id if kind == "agent" else None))
        s.execute(Seat.__table__.insert(), rows)
        record(s, actor, "bench.seeded", "organization", org.id, {"seats": seats})
        _, token = create_token(s, actor, person_id=owner.id, scopes=["read"])
    return token


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(db: Database, url: str) -> tuple[uvicorn.Server, int]:
    port = free_port()
    app = create_app(Settings(database_url=url, data_dir=None, secret_key="bench"), db)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, port


def main(quick: bool = False) -> None:
    seats = 1_000 if quick else 10_000
    url = os.environ.get("OTP_BENCH_DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    upgrade(url)
    db = Database(url)
    t0 = time.perf_counter()
    token = build(db, seats)
    build_s = time.perf_counter() - t0
    server, port = serve(db, url)
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=headers, timeout=30) as client:
        size = len(client.get("/api/v1/chart").content)
        assert len(client.get("/api/v1/chart").json()["seats"]) == seats
        chart = timings(lambda: client.get("/api/v1/chart").raise_for_status(), repeat=10 if quick else 30)
        health = timings(lambda: client.get("/api/v1/health").raise_for_status(), repeat=100)
    server.should_exit = True
    ms = 1000
    print_table(f"GET /api/v1/chart, {seats:,} seats, {db.engine.dialect.name}",
                ["what", "median ms", "p99 ms", "ratio to floor", "target"],
                [["chart JSON", median(chart) * ms, p99(chart) * ms, median(chart) / median(health), "< 300 ms"],
                 ["health (floor)", median(health) * ms, p99(health) * ms, 1.0, ""],
                 ["seed (bulk insert)", build_s * ms, "", "", ""],
                 ["response size", f"{size / 1e6:.2f} MB", "", "", ""]])
    db.dispose()


if __name__ == "__main__":
    main()
