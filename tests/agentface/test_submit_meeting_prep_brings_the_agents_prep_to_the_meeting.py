"""submit_meeting_prep: the agent's numbers, rock statuses, headlines and proposed issues for a
scheduled meeting, through the same governed service as REST (otp.meetings.prep.submit_prep).
The briefing asks for the prep until it is brought."""
from datetime import timedelta

from otp.core import clock
from tests.agentface.kit import MONDAY_9, structured, with_mcp, world


def prep_world(org, level=5):
    clock.freeze(MONDAY_9)
    w = world(org, level=level)
    calls = w.measurable("calls")
    rock = w.outcome("Launch the newsletter", kind="rock")
    meeting_id = w.meeting()
    clock.advance(timedelta(days=6))  # the meeting is now within the 48 hours prep is asked for
    return w, calls, rock, meeting_id


def test_the_briefing_asks_for_prep_until_the_agent_submits_it(org):
    w, calls, rock, meeting_id = prep_world(org)
    prep = {"meeting_id": meeting_id, "measurables": [{"measurable_id": calls["id"], "value": 12}],
            "rocks": [{"outcome_id": rock["id"], "status": "off_track", "reason": "Waiting on the printer"}],
            "headlines": [{"kind": "customer", "text": "Acme renewed"}],
            "issues": [{"title": "Printer is late", "details": "Two weeks"}]}

    async def go(client):
        before = structured(await client.call_tool("briefing", {}))["result"]["meeting_prep"]
        answer = structured(await client.call_tool("submit_meeting_prep", prep))
        after = structured(await client.call_tool("briefing", {}))["result"]["meeting_prep"]
        return before, answer, after
    before, answer, after = with_mcp(org, w.token, go)
    assert [(m["meeting_id"], m["seat_ids"], m["tool"]) for m in before] == [
        (meeting_id, [w.seat["id"]], "submit_meeting_prep")]
    assert answer["status"] == "done", answer
    result = answer["result"]
    assert result["seat_ids"] == [w.seat["id"]]
    assert [x["result"] for k in ("measurables", "rocks", "headlines", "issues") for x in result[k]] == ["done"] * 4
    assert after == []
    assert org.ok("GET", "/api/v1/me/briefing", token=w.token)["meeting_prep"] == []
    mine = [e.action for e in org.events() if e.actor_id == w.agent["id"]]
    for action in ("measurable.reported", "outcome.status_changed", "headline.posted", "issue.raised",
                   "meeting.prep_submitted"):
        assert action in mine, action
    attendees = {a["seat_id"]: a["prepared"] for a in org.ok("GET", f"/api/v1/meetings/{meeting_id}")["attendees"]}
    assert attendees[w.seat["id"]] is True and attendees[w.lead["id"]] is False


def test_the_rest_route_takes_the_same_prep_with_the_agents_token(org):
    w, calls, rock, meeting_id = prep_world(org)
    body = org.ok("POST", f"/api/v1/meetings/{meeting_id}/prep",
                  {"rocks": [{"outcome_id": rock["id"], "status": "on_track"}]}, token=w.token)
    assert body["rocks"][0]["result"] == "done" and body["seat_ids"] == [w.seat["id"]]
    assert org.events("meeting.prep_submitted")[-1].actor_id == w.agent["id"]
    assert org.ok("GET", "/api/v1/me/briefing", token=w.token)["meeting_prep"] == []


def test_below_the_level_for_prep_the_whole_prep_waits_for_approval(org):
    w, calls, rock, meeting_id = prep_world(org, level=1)
    prep = {"meeting_id": meeting_id, "headlines": [{"kind": "other", "text": "Learned the CRM"}]}
    answer = with_mcp(org, w.token, lambda c: c.call_tool("submit_meeting_prep", prep))
    answer = structured(answer)
    assert answer["status"] == "approval_required" and answer["approval"]["approver"]["name"] == "Hana Human"
    assert org.events("headline.posted") == [] and org.events("meeting.prep_submitted") == []
    assert [m["meeting_id"] for m in org.ok("GET", "/api/v1/me/briefing", token=w.token)["meeting_prep"]] == [
        meeting_id]
