"""An agent that starts itself (the `external` adapter) still has runs: its first heartbeat opens
one, later heartbeats within the time limit extend it, and when it goes quiet for that long the
run ends at its last heartbeat with what the agent reported spending meanwhile."""
from __future__ import annotations

from datetime import timedelta

from otp.core import clock
from otp.runs import external
from tests.runs.kit import crew


def _beat(c, token):
    c.org.ok("POST", "/api/v1/me/heartbeat", {"note": "working"}, token=token)


def _fold(c) -> int:
    return external.record_heartbeats(c.org.db, clock.now(), org_id=c.org.org_id)


def _external(c, minutes_quiet: int = 10) -> str:
    c.org.ok("PUT", f"/api/v1/agents/{c.agent_id}/runtime",
             {"adapter": "external", "time_limit_seconds": minutes_quiet * 60})
    return c.org.token_for(agent=c.agent)


def _going(org, minutes_quiet: int = 10):
    """An external agent whose first heartbeat (a second after its runtime) opened a run."""
    clock.freeze(clock.now())
    c = crew(org)
    token = _external(c, minutes_quiet)
    clock.advance(timedelta(seconds=1))
    _beat(c, token)
    assert _fold(c) == 1
    return c, token


def test_heartbeats_open_and_extend_one_run_that_ends_at_the_last_heartbeat_with_its_cost(org):
    clock.freeze(clock.now())
    c = crew(org)
    token = _external(c)
    clock.advance(timedelta(seconds=1))
    _beat(c, token)
    first = clock.now()
    assert _fold(c) == 1 and _fold(c) == 0  # a heartbeat is folded once
    [run] = c.runs()
    assert (run.adapter, run.state, run.reason, run.started_at) == ("external", "running", "heartbeat", first)
    clock.advance(timedelta(minutes=4))
    org.ok("POST", "/api/v1/me/costs", {"cents": 7, "tokens": 700, "model": "m"}, token=token, status=201)
    _beat(c, token)
    last = clock.now()
    assert _fold(c) == 1
    [run] = c.runs()
    assert (run.state, run.wake_count) == ("running", 2)
    clock.advance(timedelta(minutes=9))
    c.step()  # quiet for 9 of its 10 minutes: still going
    assert c.runs()[0].state == "running"
    clock.advance(timedelta(minutes=2))
    c.step()  # quiet past the limit: over, at its last heartbeat
    [run] = c.runs()
    assert (run.state, run.ended_at, run.cost_cents, run.tokens) == ("succeeded", last, 7, 700)
    shown = c.show(run.id)
    assert (shown["adapter"], shown["state"], shown["cost_cents"]) == ("external", "succeeded", 7)
    assert [e.action for e in org.events() if e.entity_id == run.id] == ["run.started", "run.ended"]


def test_a_heartbeat_after_the_run_ended_opens_the_next_run(org):
    c, token = _going(org, minutes_quiet=1)
    clock.advance(timedelta(minutes=5))
    c.step()
    _beat(c, token)
    _fold(c)
    assert [r.state for r in c.runs()] == ["succeeded", "running"]


def test_heartbeats_from_before_the_runtime_was_configured_are_no_run(org):
    clock.freeze(clock.now())
    c = crew(org)
    token = org.token_for(agent=c.agent)
    _beat(c, token)
    clock.advance(timedelta(seconds=1))
    _external(c)
    assert _fold(c) == 0 and c.runs() == []


def test_an_external_run_holds_none_of_the_organizations_run_slots(org):
    c, _token = _going(org)
    other = org.agent("Runner", level=3)
    org.seat("Runner seat", parent=c.root["id"], holder=other, kind="agent")
    org.ok("PATCH", f"/api/v1/organizations/{org.org_id}", {"settings": {"max_concurrent_runs": 1}})
    org.ok("PUT", f"/api/v1/agents/{other['id']}/runtime", {"adapter": "command", "command": ["/bin/true"]})
    org.ok("POST", f"/api/v1/agents/{other['id']}/wake", status=202)
    assert c.step() == 1  # the external run going does not keep the command run waiting
