"""The main web pages, timed server-side, for an organization of 1,000 seats and 300 measurables.

What it measures: each page's full server time — session cookie, the services' reads, Jinja
rendering — through the ASGI app in-process (Starlette's TestClient: no sockets, so the numbers
are the server's work, not the network's). The organization is bulk-built: 1,000 seats (50
people and 20 agents holding them, every 10th vacant), 300 weekly measurables with 13 weeks of
entries, 200 rocks with milestones and evidence, 150 open issues, 600 open to-dos, 20 pending
approvals and 20 open escalations for the logged-in owner, 100 SOPs, 10,000 events, a generated
OOS draft, and the leadership team's weekly meeting (9 seats, agents among them) started through
the services, so its runner shows the frozen scorecard and rocks. Baselines measured in the same
run: GET /api/v1/health (no session, one trivial query) and GET /login (the lightest page
through the same template layer).
Target: every page under 200 ms, read as its p99 (the slowest of 30 requests), not only its
median. The app's heap is frozen as it settles (after its 1st, 10th, 100th and 1,000th response),
as `otp serve` does (otp.core.heap: without it, full garbage collections over ~300,000 long-lived
objects stalled one request in ~25 by 150-290 ms); the full collections that still happen while
pages are timed are counted and printed. Also printed: each page's median CPU time (the wall
time an idle machine would show; on a shared machine wall time mostly measures the queue) and its
number of SQL statements (a page whose count grows with its rows has an N+1).

Run: python -m bench.run pages   (--quick: fewer repeats; OTP_BENCH_DATABASE_URL=postgresql://... for PostgreSQL)
"""
from __future__ import annotations

import gc
import os
import re
import tempfile
import time
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import event

from bench._table import median, p99, print_table, timings
from bench.bench_scorecard import cpu_timings
from otp.api.app import create_app
from otp.auth.tokens import person_actor
from otp.core import clock
from otp.core.config import Settings
from otp.core.db import Database
from otp.core.ids import new_id
from otp.core.migrate import upgrade
from otp.events.models import Event
from otp.governance.models import ApprovalRequest, Escalation
from otp.inbox.models import InboxItem
from otp.meetings.runner import start_meeting
from otp.meetings.series import create_series, scheduled_of
from otp.oos.drafts import generate_draft
from otp.org import orgs, people
from otp.org.models import Agent, Membership, Organization, Person, Seat
from otp.scorecard import periods as cal
from otp.scorecard.models import Entry, Measurable
from otp.sops.models import Sop, SopVersion
from otp.work.models import Evidence, Issue, Milestone, Outcome, Todo

SEATS, MEASURABLES, PEOPLE, AGENTS = 1_000, 300, 50, 20
RESPS = ["Own the number", "Report weekly", "Raise issues early"]
PASSWORD = "bench-pass"


def _insert(s, model, rows: list[dict]) -> None:
    if rows:
        s.execute(model.__table__.insert(), rows)


def build(db: Database) -> tuple[str, dict]:
    """Bulk-build the organization; returns (owner email, ids of pages that need one)."""
    now = clock.now()
    email = f"bench-{new_id('x')[-8:]}@example.com"
    with db.write() as s:
        owner = people.create_person(s, email=email, name="Bench Owner", password=PASSWORD)
        org = orgs.create_organization(s, name="Bench Co", slug=f"bench-{new_id('b')[-8:]}", owner_person_id=owner.id)
        person_ids = [new_id("per") for _ in range(PEOPLE)]
        _insert(s, Person, [dict(id=p, email=f"{p}@bench.example", name=f"Person {i}", created_at=now)
                            for i, p in enumerate(person_ids)])
        _insert(s, Membership, [dict(id=new_id("mem"), org_id=org.id, person_id=p, role="member", created_at=now)
                                for p in person_ids])
        agent_ids = [new_id("agt") for _ in range(AGENTS)]
        _insert(s, Agent, [dict(id=a, org_id=org.id, name=f"Agent {i}", runtime="custom", description="",
                                status="active", level=1 + i % 8, created_at=now) for i, a in enumerate(agent_ids)])
        seats = [new_id("seat") for _ in range(SEATS)]
        rows = []
        for i, seat_id in enumerate(seats):
            kind = "root" if i == 0 else "vacant" if i % 10 == 0 else "agent" if i % 3 == 0 else "person"
            rows.append(dict(id=seat_id, org_id=org.id, title="CEO" if i == 0 else f"Seat {i}", purpose=f"Purpose {i}",
                             responsibilities=RESPS, parent_id=None if i == 0 else seats[(i - 1) // 8], position=i,
                             occupant_person_id=owner.id if kind == "root" else
                             person_ids[i % PEOPLE] if kind == "person" else None,
                             occupant_agent_id=agent_ids[i % AGENTS] if kind == "agent" else None,
                             created_at=now, updated_at=now))
        _insert(s, Seat, rows)
        _scorecard(s, org, seats, now)
        ids = _work(s, org.id, owner.id, seats, now)
        _governance(s, org.id, owner.id, seats, agent_ids, now)
        ids["sop"] = _sops(s, org.id, seats, now)
        _events(s, org.id, owner.id, now)
        owner_actor = person_actor(s, owner.id, org.id)
        generate_draft(s, owner_actor)
        ids["agent_seat"] = seats[3]
        ids["meeting"] = _meeting(s, owner_actor, seats)
    return email, ids


def _scorecard(s, org: Organization, seats: list[str], now) -> None:
    window = cal.window(cal.start_of(cal.local_date(now, org.timezone), "weekly", org.week_start), "weekly", 13)
    ms = [dict(id=new_id("msr"), org_id=org.id, key=f"m{i}", title=f"Measurable {i}", description="",
               owner_seat_id=seats[(i * 3) % SEATS], unit="", comparator=">=" if i % 2 else "<=", target=50.0,
               cadence="weekly", position=0, created_at=now, updated_at=now) for i in range(MEASURABLES)]
    _insert(s, Measurable, ms)
    _insert(s, Entry, [dict(org_id=org.id, measurable_id=m["id"], period_start=day, value=float((i * 7 + j * 13) % 100),
                            source="manual", entered_by_kind="system", note="", version=1, entered_at=now)
                       for i, m in enumerate(ms) for j, day in enumerate(window)])


def _work(s, org_id: str, owner_id: str, seats: list[str], now) -> dict:
    quarter = f"{now.year}-Q{(now.month - 1) // 3 + 1}"
    statuses = ("on_track", "off_track", "not_started", "done_pending_review")
    rocks = [dict(id=new_id("out"), org_id=org_id, title=f"Rock {i}", definition_of_done="Done when done", kind="rock",
                  quarter=quarter, owner_seat_id=seats[1 + i * 4], status=statuses[i % 4], status_note="",
                  context_links=[], guardrails=[], created_at=now, updated_at=now) for i in range(200)]
    _insert(s, Outcome, rocks)
    _insert(s, Milestone, [dict(id=new_id("ms"), org_id=org_id, outcome_id=r["id"], title=f"Step {k}", done=k == 0,
                                created_at=now) for r in rocks for k in range(2)])
    _insert(s, Evidence, [dict(id=new_id("evd"), org_id=org_id, outcome_id=r["id"], kind="note", summary="Proof",
                               submitted_by_kind="person", submitted_by_id=owner_id, created_at=now) for r in rocks])
    _insert(s, Issue, [dict(id=new_id("iss"), org_id=org_id, title=f"Issue {i}", details="", state="open",
                            priority=i + 1, owner_seat_id=seats[i % SEATS], raised_by_kind="person",
                            raised_by_id=owner_id, source="manual", solution="", created_at=now, updated_at=now)
                       for i in range(150)])
    _insert(s, Todo, [dict(id=new_id("todo"), org_id=org_id, title=f"To-do {i}", owner_seat_id=seats[i % SEATS],
                           due_at=now + timedelta(days=i % 10 - 3), source="manual", created_by_kind="person",
                           created_by_id=owner_id, created_at=now) for i in range(600)])
    return {"rock": rocks[0]["id"]}


def _governance(s, org_id: str, owner_id: str, seats: list[str], agent_ids: list[str], now) -> None:
    _insert(s, ApprovalRequest, [dict(
        id=new_id("apr"), org_id=org_id, requester_kind="agent", requester_id=agent_ids[i], requester_seat_id=seats[3],
        action="todo.create", payload={"title": f"Held {i}"}, resource={}, rule="bench", question=f"May agent {i} act?",
        options=["approve", "reject"], recommended="approve", reversible=True, deadline=now + timedelta(hours=24),
        approver_seat_id=seats[0], approver_person_id=owner_id, hops=0, state="pending", reason="", created_at=now)
        for i in range(20)])
    _insert(s, Escalation, [dict(
        id=new_id("esc"), org_id=org_id, raised_by_kind="agent", raised_by_id=agent_ids[i], from_seat_id=seats[3],
        reason=f"Blocked {i}", needed="", urgency="normal", holder_seat_id=seats[0], holder_person_id=owner_id,
        respond_by=now + timedelta(hours=8), hops=0, path=[], at_top=False, state="open", resolution="",
        created_at=now) for i in range(20)])
    _insert(s, InboxItem, [dict(id=new_id("inb"), org_id=org_id, recipient_kind="person", recipient_id=owner_id,
                                kind="message", title=f"Note {i}", body="", created_at=now) for i in range(50)])


def _sops(s, org_id: str, seats: list[str], now) -> str:
    sops = [dict(id=new_id("sop"), org_id=org_id, seat_id=seats[(i * 7) % 200], key=f"sop-{i}", title=f"SOP {i}",
                 trigger="", steps=["One", "Two", "Three"], outputs=[], tools=[], notes="", version=2,
                 created_at=now, updated_at=now) for i in range(100)]
    _insert(s, Sop, sops)
    _insert(s, SopVersion, [dict(id=new_id("sopv"), org_id=org_id, sop_id=x["id"], number=n,
                                 content={"key": x["key"], "title": x["title"], "steps": x["steps"][:n + 1]},
                                 actor_kind="system", created_at=now) for x in sops for n in (1, 2)])
    return sops[0]["id"]


def _meeting(s, owner_actor, seats: list[str]) -> str:
    """The leadership team's weekly meeting (the root and its 8 direct reports, agents among them),
    started, so its runner page shows the frozen scorecard and rocks; returns its id."""
    series = create_series(s, owner_actor, team="Leadership", weekday=0, time_of_day="09:00",
                           attendee_seat_ids=seats[:9])
    return start_meeting(s, owner_actor, meeting_id=scheduled_of(s, series.id).id).id


def _events(s, org_id: str, owner_id: str, now) -> None:
    # Read-side volume only: these rows are not a valid hash chain (audit verify would say so).
    _insert(s, Event, [dict(org_id=org_id, seq=100_000 + i, occurred_at=now, actor_kind="person", actor_id=owner_id,
                            action="bench.filled", entity_type="seat", entity_id=None, payload={"i": i},
                            prev_hash="0" * 64, hash="0" * 64) for i in range(10_000)])


def _login(client: TestClient, email: str) -> None:
    page = client.get("/login").text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": csrf},
                           follow_redirects=False)
    assert response.status_code == 303, response.text


def main(quick: bool = False) -> None:
    url = os.environ.get("OTP_BENCH_DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    upgrade(url)
    db = Database(url)
    t0 = time.perf_counter()
    email, ids = build(db)
    build_s = time.perf_counter() - t0
    app = create_app(Settings(database_url=url, data_dir=None, secret_key="bench"), db)
    app.state.freeze_heap = True  # as `otp serve` sets it (otp.core.heap)
    pages = [("home /", "/"), ("chart", "/chart"), ("seat page (agent)", f"/chart/seats/{ids['agent_seat']}"),
             ("scorecard", "/scorecard"), ("rocks", "/rocks"), ("rock", f"/rocks/{ids['rock']}"),
             ("issues", "/issues"), ("to-dos", "/todos"), ("approvals", "/approvals"),
             ("escalations", "/escalations"), ("SOPs", "/sops"), ("SOP + diff", f"/sops/{ids['sop']}"),
             ("events", "/events"), ("OOS", "/oos"), ("meetings", "/meetings"),
             ("meeting runner", f"/meetings/{ids['meeting']}")]
    repeat = 5 if quick else 30
    rows = []
    with TestClient(app) as anonymous:
        health = timings(lambda: anonymous.get("/api/v1/health").raise_for_status(), repeat=repeat * 3)
        login = timings(lambda: anonymous.get("/login").raise_for_status(), repeat=repeat * 3)
    queries = [0]

    @event.listens_for(db.engine, "before_cursor_execute")
    def _count(*_args, **_kw):
        queries[0] += 1

    full_collections: list[float] = []
    gc.callbacks.append(_full_collection_timer(full_collections))
    with TestClient(app) as client:
        _login(client, email)
        for name, path in pages:
            queries[0] = 0
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code, response.text[:500])
            size, per_page = len(response.content), queries[0]
            times = timings(lambda p=path: client.get(p).raise_for_status(), repeat=repeat)
            cpu = cpu_timings(lambda p=path: client.get(p).raise_for_status(), repeat=repeat)
            verdict = "ok" if p99(times) < 0.2 else "SLOW"
            rows.append([name, median(times) * 1000, p99(times) * 1000, median(cpu) * 1000, per_page,
                         median(times) / median(login), f"{size / 1000:.0f} kB", verdict])
    rows += [["login page (baseline)", median(login) * 1000, p99(login) * 1000, "", "", 1.0, "", ""],
             ["/api/v1/health (floor)", median(health) * 1000, p99(health) * 1000, "", "",
              median(health) / median(login), "", ""],
             ["build the org (bulk)", build_s * 1000, "", "", "", "", "", ""]]
    print_table(f"Web pages, {SEATS:,} seats / {MEASURABLES} measurables, {db.engine.dialect.name}, in-process ASGI",
                ["page", "median ms", "p99 ms", "median CPU ms", "queries", "× login page", "size", "p99 < 200 ms"],
                rows)
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (CPU ms = this "
          "process's CPU time per page, server and test client together: what an idle machine would show)")
    longest = max(full_collections, default=0.0) * 1000
    print(f"full (generation 2) garbage collections while serving pages: {len(full_collections)}, "
          f"longest {longest:.1f} ms")
    db.dispose()


def _full_collection_timer(durations: list[float]):
    """A gc callback that appends each generation-2 collection's duration in seconds."""
    started = [0.0]

    def callback(phase: str, info: dict) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            durations.append(time.perf_counter() - started[0])
    return callback


if __name__ == "__main__":
    main()
