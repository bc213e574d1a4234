"""Silence and staleness, flagged once per episode within one worker pass after the threshold:
an agent with open work and no heartbeat, a measurable with no value one period past due, a rock
not updated (an inbox nudge, then an issue on the owner's seat after twice as long). People's
seats get the nudges too, without pausing; a healthy agent working over MCP is never flagged."""
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from otp.core import clock
from otp.governance.jobs import silence
from otp.work.models import Issue
from tests.agentface.kit import call
from tests.governance_runtime.kit import agent_row, chart, give_open_work, inbox

MONDAY = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)


def _warnings(db, kind, rid):
    return [i.title for i in inbox(db, kind, rid, "warning")]


def _setup(org, db):
    clock.freeze(MONDAY)
    c = chart(org, level=5)
    org.ok("PATCH", f"/api/v1/organizations/{org.org_id}", {"settings": {
        "silence_heartbeat_hours": 0.5, "stale_rock_hours": 1.5}})
    healthy = org.agent("Healthy", level=5)
    seat = org.seat("Healthy", parent=c.lead["id"], holder=healthy, kind="agent")
    token = org.token_for(agent=healthy)
    for s in (c.worker, seat):
        give_open_work(db, org, s["id"])
        org.ok("POST", "/api/v1/measurables", {"title": f"Calls {s['title']}", "key": "calls_" + s["title"].lower(),
                                               "owner_seat_id": s["id"], "target": 10}, status=201)
    rocks = {s["title"]: org.ok("POST", "/api/v1/outcomes", {"title": f"Rock of {s['title']}",
                                                             "definition_of_done": "Done",
                                                             "owner_seat_id": s["id"]}, status=201)
             for s in (c.worker, seat, c.lead)}
    return c, healthy, seat, token, rocks


def _healthy_tick(org, token, seat, rock, tick):
    call(org, token, "heartbeat", note="working")
    call(org, token, "update_outcome", outcome_id=rock["id"], status="on_track", note=f"tick {tick}")
    call(org, token, "report_measurable", measurable="calls_healthy", value=12)


def test_silence_and_stale_rocks_are_flagged_once_and_healthy_work_never(org, db):
    c, healthy, seat, token, rocks = _setup(org, db)
    org.ok("POST", "/api/v1/me/heartbeat", {}, token=c.agent_token)  # then silence
    _healthy_tick(org, token, seat, rocks["Healthy"], 0)
    clock.freeze(MONDAY + timedelta(minutes=20))
    _healthy_tick(org, token, seat, rocks["Healthy"], 1)
    silence(db, clock.now())
    assert not _warnings(db, "agent", c.agent["id"])  # under the threshold
    clock.freeze(MONDAY + timedelta(minutes=35))
    _healthy_tick(org, token, seat, rocks["Healthy"], 2)
    silence(db, clock.now())
    assert _warnings(db, "agent", c.agent["id"]) == ["Worker has gone silent"]
    assert "Worker has gone silent" in _warnings(db, "person", c.member["id"])
    silence(db, clock.now())
    assert _warnings(db, "agent", c.agent["id"]) == ["Worker has gone silent"]  # once per episode
    clock.freeze(MONDAY + timedelta(minutes=95))
    _healthy_tick(org, token, seat, rocks["Healthy"], 3)
    silence(db, clock.now())
    assert "Rock not updated: Rock of Worker" in _warnings(db, "agent", c.agent["id"])
    assert "Rock not updated: Rock of Lead" in _warnings(db, "person", c.member["id"])  # a person's seat
    assert "Rock not updated: Rock of Lead" in _warnings(db, "person", c.admin["id"])  # and the human above
    clock.freeze(MONDAY + timedelta(minutes=185))
    _healthy_tick(org, token, seat, rocks["Healthy"], 4)
    silence(db, clock.now())
    silence(db, clock.now())
    with db.read() as s:
        stale = s.execute(select(Issue.owner_seat_id).where(Issue.org_id == org.org_id,
                                                            Issue.title.like("Stale rock:%"))).scalars().all()
    assert sorted(stale) == sorted([c.worker["id"], c.lead["id"]])
    assert not _warnings(db, "agent", healthy["id"])
    assert agent_row(db, c.agent["id"]).status == "active"  # flagged, never paused


def test_a_missing_value_is_flagged_one_period_past_due(org, db):
    c, healthy, seat, token, rocks = _setup(org, db)
    org.ok("PATCH", f"/api/v1/organizations/{org.org_id}", {"settings": {
        "silence_heartbeat_hours": 10_000, "stale_rock_hours": 10_000}})
    for week in range(2):
        clock.freeze(MONDAY + timedelta(days=7 * week))
        _healthy_tick(org, token, seat, rocks["Healthy"], week)
        silence(db, clock.now())
        assert not any(t.startswith("No value") for t in _warnings(db, "agent", c.agent["id"]))
    clock.freeze(MONDAY + timedelta(days=14))  # the week of 2 March was due on the 9th: a week past due
    _healthy_tick(org, token, seat, rocks["Healthy"], 2)
    silence(db, clock.now())
    silence(db, clock.now())
    assert [t for t in _warnings(db, "agent", c.agent["id"]) if t.startswith("No value")] == [
        "No value for Calls Worker (2026-03-02)"]
    assert "No value for Calls Worker (2026-03-02)" in _warnings(db, "person", c.member["id"])
    assert not any(t.startswith("No value") for t in _warnings(db, "agent", healthy["id"]))


def test_silence_thresholds_are_checked_naming_the_setting(org):
    chart(org)
    for key, value in [("silence_heartbeat_hours", 0), ("stale_rock_hours", -1), ("silence_heartbeat_hours", "1h")]:
        r = org.call("PATCH", f"/api/v1/organizations/{org.org_id}", {"settings": {key: value}})
        assert r.status_code == 422 and r.json()["error"]["field"] == f"settings.{key}", r.text
    org.ok("PATCH", f"/api/v1/organizations/{org.org_id}", {"settings": {"silence_heartbeat_hours": 0.0003}})
