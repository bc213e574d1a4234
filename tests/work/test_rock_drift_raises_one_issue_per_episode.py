"""A rock set to off_track raises one drift issue per episode, however often or concurrently."""
from __future__ import annotations

from otp.work import outcome_status
from tests.work.kit import in_threads, issues, outcome, status, team


def drift_issues(org):
    return issues(org, source="drift")


def test_off_track_raises_a_drift_issue_owned_by_the_owner_and_linked(org):
    t = team(org)
    rock = outcome(org, t.bot["id"])
    status(org, rock["id"], "off_track", "Two deals slipped")
    [issue] = drift_issues(org)
    assert issue["owner_seat_id"] == t.bot["id"]
    assert issue["linked"] == {"type": "outcome", "id": rock["id"]}
    assert issue["raised_by"]["kind"] == "system" and issue["details"] == "Two deals slipped"


def test_repeated_triggers_raise_it_once(org):
    t = team(org)
    rock = outcome(org, t.lead["id"])
    status(org, rock["id"], "off_track")
    status(org, rock["id"], "off_track", "still behind")
    for _ in range(3):
        with org.db.write() as s:
            _, created = outcome_status.check_rock_drift(s, org.org_id, rock["id"])
            assert not created
    assert len(drift_issues(org)) == 1


def test_a_new_episode_raises_a_new_issue(org):
    t = team(org)
    rock = outcome(org, t.lead["id"])
    status(org, rock["id"], "off_track")
    status(org, rock["id"], "on_track")
    status(org, rock["id"], "off_track")
    assert len(drift_issues(org)) == 2


def test_ten_concurrent_status_changes_raise_one_issue(org):
    t = team(org)
    rock = outcome(org, t.lead["id"])
    actor = t.actor()

    def go(_):
        with org.db.write() as s:
            outcome_status.set_status(s, actor, outcome_id=rock["id"], status="off_track", note="late")

    in_threads(10, go)
    assert len(drift_issues(org)) == 1
    assert len(org.events("outcome.status_changed")) == 1


def test_ten_concurrent_drift_checks_raise_one_issue(org):
    t = team(org)
    rock = outcome(org, t.lead["id"])
    status(org, rock["id"], "off_track")
    [first] = drift_issues(org)
    with org.db.write() as s:  # forget the issue, so the checkers race to raise it again
        from otp.work.models import Issue
        s.get(Issue, first["id"]).dedup_key = None
    before = org.event_count()

    def check(_):
        with org.db.write() as s:
            return outcome_status.check_rock_drift(s, org.org_id, rock["id"])[1]

    assert sum(in_threads(10, check)) == 1
    assert len(drift_issues(org)) == 2 and org.event_count() == before + 1


def test_standing_outcomes_do_not_raise_drift(org):
    t = team(org)
    standing = outcome(org, t.lead["id"], kind="standing")
    status(org, standing["id"], "off_track")
    assert drift_issues(org) == []
