"""Time limit, cost limit, budget, pause and the organization's cap each stop or prevent a run;
a stopped run's process — and its children — are gone (checked by pid)."""
import re

from tests.runs.kit import alive, crew, live  # noqa: F401 - fixture

# A program that starts a child, says both pids, and works for a minute.
SLEEPER = ("import subprocess, sys, time; c = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']);"
           "print('pids', c.pid, flush=True); time.sleep(60)")
SPENDER = ("import os, time; from otp.client import OTPClient;"
           "OTPClient(os.environ['OTP_URL'], os.environ['OTP_TOKEN']).report_run_cost(os.environ['OTP_RUN_ID'], {cents});"
           "print('spent', flush=True); time.sleep(60)")


def child_pid(c, run_id: str) -> int:
    return int(c.wait_for(lambda: re.search(r"pids (\d+)", c.show(run_id)["output"]))[1])


def test_a_run_past_its_time_limit_is_stopped_with_its_children(org, live):  # noqa: F811
    c = crew(org)
    c.script(SLEEPER, time_limit_seconds=1)
    c.wake()
    c.step()
    running = c.until_running()
    child = child_pid(c, running.id)
    [run] = c.finished()
    assert (run.state, run.detail) == ("timed_out", "time limit of 1 s reached")
    assert not alive(run.pid) and not alive(child)


def test_a_run_past_its_cost_limit_is_stopped(org, live):  # noqa: F811
    c = crew(org)
    c.script(SPENDER.format(cents=10), cost_limit_cents=5)
    c.wake()
    c.step()
    [run] = c.finished()
    assert (run.state, run.cost_cents) == ("failed", 10)
    assert run.detail == "stopped: cost limit reached (10 of 5 cents)" and not alive(run.pid)


def test_a_run_that_breaks_the_budget_is_stopped_and_the_next_one_never_starts(org, live):  # noqa: F811
    c = crew(org)
    org.ok("PUT", f"/api/v1/agents/{c.agent_id}/budget", {"monthly_budget_cents": 8})
    c.script(SPENDER.format(cents=10))
    c.wake()
    c.step()
    [run] = c.finished()
    assert run.state == "failed" and "paused" in run.detail and not alive(run.pid)
    c.wake()
    assert c.step() == 1
    skipped = c.finished()[-1]
    assert (skipped.state, skipped.detail, skipped.pid) == ("skipped", "the agent is paused", None)


def test_pausing_the_agent_stops_its_running_process(org, live):  # noqa: F811
    c = crew(org)
    c.script(SLEEPER)
    c.wake()
    c.step()
    running = c.until_running()
    org.ok("POST", f"/api/v1/agents/{c.agent_id}/pause", {"reason": "look first"})
    [run] = c.finished()
    assert (run.state, run.detail) == ("failed", "stopped: the agent is paused") and not alive(running.pid)


def test_an_organization_over_its_cap_starts_no_run(org, live):  # noqa: F811
    c = crew(org)
    c.script(SLEEPER)
    org.ok("PATCH", f"/api/v1/organizations/{org.org_id}", {"settings": {"org_monthly_budget_cents": 0}})
    c.wake()
    c.step()
    [run] = c.finished()
    assert (run.state, run.pid) == ("skipped", None)
    assert run.detail == "the organization is over its monthly cap (0 of 0 cents)"


def stop_switch(org, on: bool) -> None:
    """The organization's stop switch (its columns; h-agents builds the face that sets them)."""
    from sqlalchemy import update

    from otp.core import clock
    from otp.org.models import Organization
    with org.db.write() as s:
        s.execute(update(Organization).where(Organization.id == org.org_id).values(
            agents_paused_at=clock.now() if on else None, agents_paused_reason="incident review" if on else None))


def test_pausing_the_organization_stops_running_processes_and_starts_none(org, live):  # noqa: F811
    c = crew(org)
    c.script(SLEEPER)
    c.wake()
    c.step()
    running = c.until_running()
    stop_switch(org, True)
    c.wake()
    [stopped] = [r for r in c.finished() if r.id == running.id]
    assert stopped.detail == "stopped: the organization's agents are paused: incident review"
    assert not alive(running.pid)
    c.step()
    assert c.finished()[-1].state == "skipped"
