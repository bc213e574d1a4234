"""A to-do still open two weeks past due raises an issue once, however often the check runs."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from otp.core import clock
from otp.worker.tasks import tasks
from otp.work.stale import check_stale_todos
from tests.work.kit import in_threads, issues, team, todo

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def run_job(org, now):
    [job] = [task for task in tasks() if task.name == "work.stale_todos"]
    return job.fn(org.db, now)


def test_fourteen_days_past_due_raises_one_issue(org):
    t = team(org)
    clock.freeze(T0)
    item = todo(org, t.lead["id"])  # due T0 + 7 days
    done = todo(org, t.lead["id"], "Done in time")
    org.ok("POST", f"/api/v1/todos/{done['id']}/complete")
    run_job(org, T0 + timedelta(days=20))
    assert issues(org) == []  # 13 days past due: not yet (other tests' organizations share the database)
    clock.freeze(T0 + timedelta(days=21, minutes=1))
    run_job(org, clock.now())
    run_job(org, clock.now() + timedelta(days=1))
    [raised] = issues(org)
    assert raised["linked"] == {"type": "todo", "id": item["id"]} and raised["dedup_key"] == f"stale:todo:{item['id']}"
    assert raised["owner_seat_id"] == t.lead["id"]


def test_concurrent_checkers_raise_it_once(org):
    t = team(org)
    clock.freeze(T0)
    todo(org, t.lead["id"])
    later = T0 + timedelta(days=30)

    def check(_):
        with org.db.write() as s:
            return check_stale_todos(s, org.org_id, later)

    assert sum(in_threads(10, check)) == 1
    assert len(issues(org)) == 1
