"""One value per measurable per period: a second report replaces the first, which stays in history."""
from __future__ import annotations

from datetime import date

from tests.scorecard import kit


def test_a_second_report_for_the_period_replaces_the_value(org):
    m = kit.measurable(org)
    kit.report(org, m, 5, date(2026, 1, 6))
    assert kit.report(org, m, 7, date(2026, 1, 9))["version"] == 2
    assert kit.value(org, m, kit.MONDAY) == 7
    assert kit.entry_rows(org) == (1, 1)


def test_the_periods_history_lists_every_version_newest_first(org):
    m = kit.measurable(org)
    kit.report(org, m, 5, kit.MONDAY, note="first count")
    kit.report(org, m, 7, kit.MONDAY, note="recounted")
    history = org.ok("GET", f"/api/v1/measurables/{m['id']}/entries/2026-01-07")
    assert [(h["value"], h["note"], h["version"]) for h in history] == [(7, "recounted", 2), (5, "first count", 1)]
    assert history[0]["replaced_at"] is None and history[1]["replaced_at"] is not None
    assert history[0]["entered_by"] == {"kind": "person", "id": org.owner_id}


def test_reporting_the_same_value_again_changes_nothing(org):
    m = kit.measurable(org)
    kit.report(org, m, 5, kit.MONDAY)
    events = org.event_count()
    assert kit.report(org, m, 5, kit.MONDAY)["version"] == 1
    assert org.event_count() == events and kit.entry_rows(org) == (1, 0)


def test_each_report_is_one_event_naming_the_previous_value(org):
    m = kit.measurable(org)
    kit.report(org, m, 5, kit.MONDAY)
    kit.report(org, m, 8, kit.MONDAY)
    payloads = [e.payload for e in org.events("measurable.reported")]
    assert [(p["value"], p["previous"], p["period"]) for p in payloads] == [(5, None, "2026-01-05"), (8, 5, "2026-01-05")]


def test_the_entries_list_pages_from_the_newest_period_back(org):
    m = kit.measurable(org)
    kit.weeks(org, m, [1, 2, 3, 4, 5])
    first = org.ok("GET", f"/api/v1/measurables/{m['id']}/entries", params={"limit": 2})
    assert [e["value"] for e in first["items"]] == [5, 4]
    rest = org.ok("GET", f"/api/v1/measurables/{m['id']}/entries", params={"before": first["next_before"]})
    assert [e["value"] for e in rest["items"]] == [3, 2, 1] and rest["next_before"] is None


def test_an_agent_report_is_marked_as_the_agents(org):
    root = kit.seat(org)
    bot = org.agent("Counter", level=5)
    analyst = org.seat("Analyst", parent=root, holder=bot)
    m = kit.measurable(org, owner_seat_id=analyst["id"])  # within its reach: its own seat's number
    token = org.token_for(agent=bot)
    entry = org.ok("POST", f"/api/v1/measurables/{m['id']}/entries", {"value": 3, "period": "2026-01-05"},
                   token=token, status=201)
    assert entry["source"] == "agent" and entry["entered_by"] == {"kind": "agent", "id": bot["id"]}
