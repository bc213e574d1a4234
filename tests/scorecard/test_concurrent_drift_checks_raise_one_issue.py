"""Ten checkers at once, each in its own transaction, still raise exactly one issue per episode."""
from __future__ import annotations

import threading

import pytest

from otp.core import clock
from otp.scorecard import drift
from otp.scorecard.jobs import check_drift
from tests.scorecard import kit


def drifting_without_an_issue(org):
    """Three periods off target while the setting asks for five; then the setting drops to two."""
    kit.set_drift_periods(org, 5)
    m = kit.create(org, "Leads", target=10)
    kit.weeks(org, m, [1, 2, 3])
    kit.set_drift_periods(org, 2)
    assert kit.drift_issues(org) == []
    return m


def run_together(n: int, fn) -> list:
    barrier, results, errors = threading.Barrier(n), [], []

    def worker():
        try:
            barrier.wait()
            results.append(fn())
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    return results


def test_ten_concurrent_checks_of_one_measurable_raise_one_issue(org):
    m = drifting_without_an_issue(org)

    def check():
        with org.db.write() as s:
            return drift.check(s, m.id)

    assert sorted(run_together(10, check)) == [False] * 9 + [True]
    assert len(kit.drift_issues(org)) == 1


@pytest.mark.parametrize("workers", [10])
def test_ten_concurrent_periodic_jobs_raise_one_issue(org, workers):
    drifting_without_an_issue(org)
    run_together(workers, lambda: check_drift(org.db, clock.now()))
    assert len(kit.drift_issues(org)) == 1
