"""raise_issue with a dedup key: one issue per key, even for 10 callers at once."""
from __future__ import annotations

from otp.work.issues import raise_issue
from tests.work.kit import in_threads, issue, issue_count, team


def test_ten_concurrent_callers_with_one_key_make_one_issue_and_one_event(org):
    t = team(org)
    before = org.event_count()

    def go(i):
        with org.db.write() as s:
            found, created = raise_issue(s, t.system, title=f"Drift {i}", owner_seat_id=t.lead["id"], source="drift",
                                         dedup_key="drift:measurable:m1:2026-01-05")
            return found.id, created

    results = in_threads(10, go)
    assert len({r[0] for r in results}) == 1 and sum(r[1] for r in results) == 1
    assert issue_count(org) == 1 and org.event_count() == before + 1


def test_raising_a_known_key_over_rest_returns_the_existing_issue(org):
    t = team(org)
    first = issue(org, t.lead["id"], dedup_key="k1")
    again = org.post("/api/v1/issues", {"title": "Other", "owner_seat_id": t.lead["id"], "dedup_key": "k1"})
    assert again.status_code == 200 and again.json()["id"] == first["id"]
    assert issue_count(org) == 1


def test_a_raise_inside_a_larger_transaction_survives_a_duplicate(org):
    t = team(org)
    with org.db.write() as s:
        raise_issue(s, t.system, title="A", owner_seat_id=t.lead["id"], dedup_key="same")
        found, created = raise_issue(s, t.system, title="B", owner_seat_id=t.lead["id"], dedup_key="same")
        assert not created and found.title == "A"
    assert issue_count(org) == 1
