"""The live "scheduled agents" maturity signal counts what the platform really schedules: active
agents whose seat attends an active weekly meeting series (their prep is requested every week)."""
from .kit import OOS, crew, import_fixture

SERIES = "/api/v1/meetings/series"


def _series(org, *seats) -> dict:
    body = {"team": "Ops", "weekday": 0, "time_of_day": "09:00", "timezone": "UTC",
            "attendee_seat_ids": [s["id"] for s in seats]}
    return org.ok("POST", SERIES, body, status=201)


def _observed(org) -> dict:
    return org.ok("GET", f"{OOS}/maturity")


def test_without_a_meeting_series_no_agent_is_scheduled(org):
    crew(org, level=5)
    import_fixture(org)
    assert _observed(org)["observed"]["scheduled_agents"] == 0


def test_an_agent_whose_seat_attends_a_weekly_series_is_scheduled_and_cited_as_l7_evidence(org):
    c = crew(org, level=5)
    idle = org.agent("Idle", level=5)
    org.seat("Idle seat", parent=c.root["id"], holder=idle)
    import_fixture(org)
    _series(org, c.seat)
    result = _observed(org)
    assert result["observed"]["scheduled_agents"] == 1
    assert ("agents on a recurring schedule (seat in an active weekly meeting series): 1"
            in result["levels"][6]["evidence"])


def test_human_attendees_stopped_series_and_paused_agents_do_not_count(org):
    c = crew(org, level=5)
    import_fixture(org)
    _series(org, c.root)  # held by the owner, a person
    stopped = _series(org, c.seat)
    org.ok("DELETE", f"{SERIES}/{stopped['id']}")
    assert _observed(org)["observed"]["scheduled_agents"] == 0
    _series(org, c.seat)
    assert _observed(org)["observed"]["scheduled_agents"] == 1
    org.ok("POST", f"/api/v1/agents/{c.agent['id']}/pause", {"reason": "checking"})
    assert _observed(org)["observed"]["scheduled_agents"] == 0
