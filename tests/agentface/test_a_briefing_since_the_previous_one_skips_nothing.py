"""An agent that keeps state may ask for what changed since its previous briefing rather than
since its last heartbeat, so an SOP edited while it worked (after it read the briefing, before
its closing heartbeat) still reaches its next run."""
from datetime import timedelta

from otp.core import clock
from tests.agentface.kit import call, world
from tests.sops.kit import edit, sop


def test_an_sop_edited_mid_run_is_listed_next_run_when_the_agent_passes_its_last_briefing_time(org):
    clock.freeze(clock.now())
    w = world(org, level=3)
    handover = sop(org, w.lead, "handover", "Hand over")
    clock.advance(timedelta(minutes=1))
    first = call(org, w.token, "briefing")["result"]  # the run starts
    clock.advance(timedelta(minutes=1))
    edit(org, handover["id"], steps=["New first step"])  # a human edits while the agent works
    clock.advance(timedelta(minutes=1))
    call(org, w.token, "heartbeat", note="run done")  # the run ends
    clock.advance(timedelta(minutes=1))
    assert call(org, w.token, "briefing")["result"]["sop_changes"] == []  # since the heartbeat: skipped
    listed = call(org, w.token, "briefing", since=first["now"])["result"]
    assert listed["since"] == first["now"]
    assert [(c["key"], c["version"]) for c in listed["sop_changes"]] == [("handover", 2)]
    over_rest = org.ok("GET", "/api/v1/me/briefing", params={"since": first["now"]}, token=w.token)
    assert [c["key"] for c in over_rest["sop_changes"]] == ["handover"]


def test_a_since_that_is_not_a_time_or_lies_ahead_is_refused_naming_the_field(org):
    w = world(org, level=3)
    for bad in ("yesterday", "2026-01-01T00:00:00", (clock.now() + timedelta(hours=1)).isoformat(),
                "0001-01-01T00:00:00+05:00", (clock.now() - timedelta(days=91)).isoformat()):
        response = org.get("/api/v1/me/briefing", params={"since": bad}, token=w.token)
        assert response.status_code == 422 and response.json()["error"]["field"] == "since", (bad, response.text)
    answer = call(org, w.token, "briefing", since="yesterday")
    assert answer.get("is_error") and "since" in answer["text"]
