"""Off target for N consecutive periods raises one issue per episode, however often the check runs."""
from __future__ import annotations

from datetime import timedelta

from otp.core import clock
from otp.scorecard import drift
from otp.scorecard.jobs import check_drift
from tests.scorecard import kit


def test_two_periods_off_target_raise_one_drift_issue_owned_and_linked(org):
    m = kit.create(org, "Leads", target=10)
    kit.weeks(org, m, [12, 4, 3])
    [issue] = kit.drift_issues(org)
    assert (issue.owner_seat_id, issue.linked_type, issue.linked_id) == (kit.seat(org), "measurable", m.id)
    assert issue.dedup_key == f"drift:measurable:{m.id}:2026-01-12" and issue.raised_by_kind == "system"


def test_one_period_off_target_is_not_drift(org):
    m = kit.create(org, "Leads", target=10)
    kit.weeks(org, m, [12, 4, 15, 3])
    assert kit.drift_issues(org) == []


def test_repeated_checks_and_more_off_periods_raise_nothing_more(org):
    m = kit.create(org, "Leads", target=10)
    kit.weeks(org, m, [1, 2, 3, 4, 5])
    for _ in range(3):
        check_drift(org.db, clock.now())
        with org.db.write() as s:
            assert drift.check(s, m.id) is False
    kit.report(org, m, 2, kit.MONDAY)  # re-entering a period re-runs the check too
    assert len(kit.drift_issues(org)) == 1


def test_back_on_target_ends_the_episode_and_the_next_drift_raises_a_new_issue(org):
    m = kit.create(org, "Leads", target=10)
    kit.weeks(org, m, [1, 2, 11, 3, 4])
    keys = [i.dedup_key for i in kit.drift_issues(org)]
    assert keys == [f"drift:measurable:{m.id}:2026-01-05", f"drift:measurable:{m.id}:2026-01-26"]


def test_a_missing_week_neither_extends_nor_ends_an_episode(org):
    m = kit.create(org, "Leads", target=10)
    kit.weeks(org, m, [1, None, None])
    assert kit.drift_issues(org) == []
    kit.report(org, m, 2, kit.MONDAY + timedelta(weeks=3))
    assert [i.dedup_key for i in kit.drift_issues(org)] == [f"drift:measurable:{m.id}:2026-01-05"]


def test_the_organization_chooses_how_many_periods_make_drift(org):
    kit.set_drift_periods(org, 3)
    m = kit.create(org, "Leads", target=10)
    kit.weeks(org, m, [1, 2])
    assert kit.drift_issues(org) == []
    kit.report(org, m, 3, kit.MONDAY + timedelta(weeks=2))
    assert len(kit.drift_issues(org)) == 1


def test_the_periodic_job_catches_drift_that_a_target_change_created(org):
    m = kit.create(org, "Leads", target=10)
    kit.weeks(org, m, [12, 13])
    org.ok("PATCH", f"/api/v1/measurables/{m.id}", {"target": 20})
    assert kit.drift_issues(org) == []
    assert check_drift(org.db, clock.now()) >= 1
    assert [i.dedup_key for i in kit.drift_issues(org)] == [f"drift:measurable:{m.id}:2026-01-05"]


def test_a_drifting_formula_measurable_raises_its_own_issue(org):
    leads = kit.create(org, "Leads", key="leads", target=0)
    kit.create(org, "Double", key="double", formula="leads * 2", target=100)
    kit.weeks(org, leads, [1, 2])
    assert [i.title for i in kit.drift_issues(org)] == ["Double off target for 2 weeks in a row"]


def test_the_drift_check_is_a_registered_periodic_job():
    from otp.worker.tasks import tasks
    assert "scorecard.drift" in [t.name for t in tasks()]
