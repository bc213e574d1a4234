"""The 13-period scorecard over 1,000,000 entries, and one `report`, on the service layer.

What it measures: an organization with 2,000 weekly measurables × 500 weeks of entries
(1,000,000 rows, bulk-inserted — loading is not what is timed), then
  - scorecard: `otp.scorecard.view.scorecard(session, actor)` — the service function behind
    GET /api/v1/scorecard and `otp scorecard` — for all 2,000 measurables × the last 13 weeks
    (on/off per cell, trend, least-squares forecast, grouped by owner seat), in a read transaction;
  - report: `otp.scorecard.entries.report(...)` in its own write transaction (validation,
    governance gate, upsert with history, formula recompute lookup, event, drift check, commit),
    200 reports spread over the measurables, half new periods and half replacements.
Baselines measured in the same run: a bare `SELECT count(*)` of the entries (one pass over the
table's smallest index) and a single primary-key read in its own transaction.
Targets: scorecard under 250 ms; report under 5 ms median on SQLite.

Run: python -m bench.run scorecard   (--quick: 200 × 100; OTP_BENCH_DATABASE_URL=postgresql://... for PostgreSQL)
"""
from __future__ import annotations

import os
import random
import tempfile
import time
from datetime import timedelta

from sqlalchemy import func, select

from bench._table import median, p99, print_table, timings
from otp.auth.tokens import person_actor
from otp.core import clock
from otp.core.db import Database
from otp.core.ids import new_id
from otp.core.migrate import upgrade
from otp.org import chart, orgs, people
from otp.scorecard import entries, periods
from otp.scorecard.models import Entry, Measurable
from otp.scorecard.view import scorecard

RESPS = ["Own the number", "Report weekly", "Raise issues early"]


def build(db: Database, measurables: int, weeks: int):
    rng = random.Random(7)
    with db.write() as s:
        owner = people.create_person(s, email=f"bench-{new_id('x')}@example.com", name="Bench Owner")
        org = orgs.create_organization(s, name="Bench", slug=f"bench-{new_id('b')[-8:]}", owner_person_id=owner.id)
        org_id, owner_id = org.id, owner.id
        actor = person_actor(s, owner_id, org_id)
        root = chart.create_seat(s, actor, title="CEO", responsibilities=RESPS)
        seats = [root.id] + [chart.create_seat(s, actor, title=f"Seat {i}", responsibilities=RESPS,
                                               parent_id=root.id).id for i in range(19)]
    current = periods.period_of(clock.now(), "weekly", "UTC", 0)
    starts = periods.window(current - timedelta(weeks=1), "weekly", weeks)  # leaves this week open to report
    ids = [new_id("msr") for _ in range(measurables)]
    now = clock.now()
    with db.write() as s:
        s.execute(Measurable.__table__.insert(), [
            dict(id=m_id, org_id=org_id, key=f"m{i}", title=f"Measurable {i}", description="",
                 owner_seat_id=seats[i % len(seats)], unit="", comparator=(">=", "<=")[i % 2], target=100.0,
                 target_max=None, cadence="weekly", formula=None, position=i, archived_at=None,
                 created_at=now, updated_at=now) for i, m_id in enumerate(ids)])
    batch = []
    for m_id in ids:
        for start in starts:
            batch.append(dict(org_id=org_id, measurable_id=m_id, period_start=start,
                              value=round(rng.gauss(100, 15), 1), source="api", entered_by_kind="person",
                              entered_by_id=owner_id, note="", version=1, entered_at=now))
        if len(batch) >= 50_000:
            with db.write() as s:
                s.execute(Entry.__table__.insert(), batch)
            batch = []
    if batch:
        with db.write() as s:
            s.execute(Entry.__table__.insert(), batch)
    if db.engine.dialect.name == "sqlite":
        with db.engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
    else:
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE")
    return actor, ids, current, starts


def cpu_timings(fn, repeat: int) -> list[float]:
    """Process CPU seconds per call: on a shared, loaded machine wall time mostly measures the queue."""
    out = []
    for _ in range(repeat):
        c = time.process_time()
        fn()
        out.append(time.process_time() - c)
    return out


def main(quick: bool = False) -> None:
    measurables, weeks = (200, 100) if quick else (2_000, 500)
    url = os.environ.get("OTP_BENCH_DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    upgrade(url)
    db = Database(url)
    t0 = time.perf_counter()
    actor, ids, current, starts = build(db, measurables, weeks)
    load_s = time.perf_counter() - t0

    def read_card():
        with db.read() as s:
            return scorecard(s, actor)

    card = read_card()
    rows = sum(len(g["measurables"]) for g in card["groups"])
    assert rows == measurables and all(len(r["cells"]) == 13 for g in card["groups"] for r in g["measurables"])

    def count_entries():
        with db.read() as s:
            return s.execute(select(func.count()).select_from(Entry).where(Entry.org_id == actor.org_id)).scalar_one()

    total = count_entries()
    assert total == measurables * weeks, total
    one_id = ids[len(ids) // 2]

    def pk_read():
        with db.read() as s:
            s.get(Measurable, one_id, populate_existing=True)

    card_t = timings(read_card, repeat=5 if quick else 15, warmup=2)
    card_cpu = cpu_timings(read_card, repeat=5 if quick else 15)
    count_t = timings(count_entries, repeat=5 if quick else 15, warmup=2)
    pk_t = timings(pk_read, repeat=200)
    rng = random.Random(11)
    plan = [(rng.choice(ids), current if i % 2 else rng.choice(starts[-13:]), round(rng.gauss(100, 15), 1))
            for i in range(200)]
    report_t, report_cpu = [], []
    for m_id, period, value in plan:
        t, c = time.perf_counter(), time.process_time()
        with db.write() as s:
            entries.report(s, actor, measurable_id=m_id, value=value, period=period)
        report_t.append(time.perf_counter() - t)
        report_cpu.append(time.process_time() - c)
    ms = 1000
    print_table(f"scorecard over {total:,} entries ({measurables:,} measurables × {weeks} weeks), "
                f"{db.engine.dialect.name}",
                ["what", "median ms", "p99 ms", "median CPU ms", "ratio to baseline", "target"],
                [["scorecard(): 13 periods, all measurables", median(card_t) * ms, p99(card_t) * ms,
                  median(card_cpu) * ms, f"{median(card_t) / median(count_t):.2f}× count(*)", "< 250 ms"],
                 ["report(): one value, own transaction", median(report_t) * ms, p99(report_t) * ms,
                  median(report_cpu) * ms, f"{median(report_t) / median(pk_t):.1f}× pk read", "< 5 ms median"],
                 ["baseline: SELECT count(*) of the entries", median(count_t) * ms, p99(count_t) * ms, "", "1", ""],
                 ["baseline: one primary-key read (own txn)", median(pk_t) * ms, p99(pk_t) * ms, "", "1", ""],
                 ["load (bulk insert, not a target)", load_s * ms, "", "", "", ""]])
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs "
          "(CPU ms = this process's CPU time: the wall time an idle machine would show, roughly)")
    db.dispose()


if __name__ == "__main__":
    main()
