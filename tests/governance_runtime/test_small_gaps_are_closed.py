"""Small gaps: batched cost reports carry when they happened (this month or last); an
escalation's JSON names what it is about; "done" without evidence is refused at every level,
never turned into an approval; a no-op status write still answers 403 to an observer."""
from datetime import datetime, timedelta, timezone

import pytest

from otp.core import clock
from tests.agentface.kit import call, world
from tests.governance_runtime.kit import approvals, chart

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)


def test_a_cost_report_may_say_when_within_this_or_the_previous_month(org):
    clock.freeze(NOW)
    c = chart(org, level=3)
    org.ok("POST", "/api/v1/me/costs", {"cents": 40, "occurred_at": "2026-02-03T09:00:00Z"}, token=c.agent_token,
           status=201)
    org.ok("POST", "/api/v1/me/costs", {"cents": 7}, token=c.agent_token, status=201)
    assert org.ok("GET", f"/api/v1/agents/{c.agent['id']}/costs")["spent_cents"] == 7  # February's is February's
    before = org.event_count()
    for when in ("2026-01-31T23:00:00Z", (NOW + timedelta(hours=1)).isoformat()):
        r = org.post("/api/v1/me/costs", {"cents": 1, "occurred_at": when}, token=c.agent_token)
        assert r.status_code == 422 and r.json()["error"]["field"] == "occurred_at", r.text
    assert org.event_count() == before


def test_an_escalations_json_includes_its_link(org):
    c = chart(org, level=3)
    todo = org.ok("POST", "/api/v1/todos", {"title": "Call back", "owner_seat_id": c.worker["id"]}, status=201)
    esc = org.ok("POST", "/api/v1/escalations", {"reason": "Stuck", "link": {"type": "todo", "id": todo["id"]}},
                 token=c.agent_token, status=201)
    assert esc["link"] == {"type": "todo", "id": todo["id"]}
    assert org.ok("GET", "/api/v1/escalations")[0]["link"] == {"type": "todo", "id": todo["id"]}


@pytest.mark.parametrize("level", [3, 6])
def test_done_without_evidence_is_refused_below_level_5_as_above_it(org, db, level):
    w = world(org, level=level)
    outcome = w.outcome()
    r = org.post(f"/api/v1/outcomes/{outcome['id']}/status", {"status": "done"}, token=w.token)
    assert r.status_code == 409 and r.json()["error"]["field"] == "evidence"
    answer = call(org, w.token, "update_outcome", outcome_id=outcome["id"], status="done")
    assert answer["is_error"] and answer["error"]["field"] == "evidence"
    assert approvals(db, org.org_id) == []


def test_a_status_write_that_changes_nothing_still_answers_403_to_an_observer(org):
    c = chart(org)
    outcome = org.ok("POST", "/api/v1/outcomes", {"title": "Rock", "definition_of_done": "Done",
                                                  "owner_seat_id": c.lead["id"]}, status=201)
    token = org.token_for(person=org.person("Otto Observer", role="observer"))
    r = org.post(f"/api/v1/outcomes/{outcome['id']}/status", {"status": "not_started"}, token=token)
    assert r.status_code == 403, r.text
    assert org.post(f"/api/v1/outcomes/{outcome['id']}/status", {"status": "not_started"}).status_code == 200
