"""The chart diagram as a browser loads it, at 1,000, 10,000 and 50,000 seats, over a real HTTP server.

What it measures, per chart size: GET /chart/diagram (the page shell, signed in with a session
cookie) followed by its first data fetch, GET /api/v1/chart?depth=N with the depth chart.js asks
for (all of a chart up to 300 seats, two levels of a bigger one) — the two requests a browser
makes before the diagram is drawn, timed together as one load. chart.js and chart.css are static
files the browser caches; their size is added to the first load's bytes. In the same run, the
floor: GET /api/v1/health (auth-free, one trivial query).
Target: p99 < 200 ms and under 1 MB (page + first fetch + static files) at every size.

Run: python -m bench.run chart_page   (OTP_BENCH_DATABASE_URL=postgresql://... for PostgreSQL)
"""
from __future__ import annotations

import os
import re
import tempfile
import time

import httpx

from bench._table import median, p99, print_table, timings
from bench.bench_chart import RESPS, serve
from otp.auth.tokens import person_actor
from otp.core.db import Database
from otp.core.ids import new_id
from otp.core.migrate import upgrade
from otp.events.service import record
from otp.org import agents, orgs, people
from otp.org.models import Seat

SMALL_CHART = 300  # as in chart.js: up to this many seats the first fetch takes the whole chart
FIRST_DEPTH = 2


def build(db: Database, seats: int) -> str:
    """A chart of `seats` seats (one root, fan-out 22, every 3rd an agent, every 10th vacant) whose
    owner can sign in; returns the owner's email (password "bench")."""
    email = f"bench-{new_id('x')[-10:]}@example.com"
    with db.write() as s:
        owner = people.create_person(s, email=email, name="Bench Owner", password="bench")
        org = orgs.create_organization(s, name="Bench", slug=f"bench-{new_id('b')[-8:]}", owner_person_id=owner.id)
        actor = person_actor(s, owner.id, org.id)
        bot = agents.create_agent(s, actor, name="bench-bot", level=5)
        ids = [new_id("seat") for _ in range(seats)]
        rows = []
        for i in range(seats):
            kind = "person" if i == 0 else "vacant" if i % 10 == 0 else "agent" if i % 3 == 0 else "person"
            rows.append(dict(id=ids[i], org_id=org.id, title="CEO" if i == 0 else f"Seat {i}",
                             purpose=f"Purpose of seat {i}", responsibilities=RESPS,
                             parent_id=None if i == 0 else ids[(i - 1) // 22], position=i,
                             occupant_person_id=owner.id if kind == "person" else None,
                             occupant_agent_id=bot.id if kind == "agent" else None))
        for start in range(0, seats, 5_000):
            s.execute(Seat.__table__.insert(), rows[start:start + 5_000])
        record(s, actor, "bench.seeded", "organization", org.id, {"seats": seats})
    return email


def sign_in(client: httpx.Client, email: str) -> None:
    page = client.get("/login").text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    answer = client.post("/login", data={"email": email, "password": "bench", "csrf_token": csrf})
    assert answer.status_code == 303, answer.text


def main(quick: bool = False) -> None:
    sizes = [1_000] if quick else [1_000, 10_000, 50_000]
    url = os.environ.get("OTP_BENCH_DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    upgrade(url)
    db = Database(url)
    emails = {n: build(db, n) for n in sizes}
    if db.engine.dialect.name == "postgresql":
        # Bulk-inserted just now: give the planner the statistics autovacuum would gather soon.
        with db.engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE seats")
            conn.commit()
    server, port = serve(db, url)
    rows, ms = [], 1000
    repeat = 20 if quick else 100
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as anonymous:
        static = sum(len(anonymous.get(p).content) for p in ("/static/chart.js", "/static/chart.css"))
        health = timings(lambda: anonymous.get("/api/v1/health").raise_for_status(), repeat=repeat)
    for n in sizes:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60, follow_redirects=False) as client:
            sign_in(client, emails[n])
            depth = 10 if n <= SMALL_CHART else FIRST_DEPTH
            data = f"/api/v1/chart?depth={depth}"
            shell = client.get("/chart/diagram")
            assert shell.status_code == 200 and ("data-small=\"1\"" in shell.text) == (n <= SMALL_CHART)
            first = client.get(data, headers={"Accept": "application/json"})
            assert first.status_code == 200 and first.json()["seats"][0]["children"] == min(22, n - 1)

            def load() -> None:
                client.get("/chart/diagram").raise_for_status()
                client.get(data, headers={"Accept": "application/json"}).raise_for_status()

            times = timings(load, repeat=repeat)
            size = len(shell.content) + len(first.content) + static
            rows.append([f"{n:,} seats: page + first fetch", median(times) * ms, p99(times) * ms,
                         median(times) / median(health), f"{size / 1e6:.3f} MB",
                         f"{len(first.json()['seats'])} seats drawn", "p99 < 200 ms, < 1 MB"])
    rows.append(["health (floor)", median(health) * ms, p99(health) * ms, 1.0, "", "", ""])
    server.should_exit = True
    print_table(f"Chart diagram page load, {db.engine.dialect.name}",
                ["what", "median ms", "p99 ms", "ratio to floor", "bytes (with js+css)", "first view", "target"],
                rows)
    db.dispose()


if __name__ == "__main__":
    main()
