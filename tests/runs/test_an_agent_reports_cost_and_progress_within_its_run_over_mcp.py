"""MCP: within a run, the agent reports its cost (counted on the run and the budget) and progress."""
from pathlib import Path

from tests.agentface.kit import call
from tests.runs.kit import crew

WAITER = "import os, time; open('token.txt', 'w').write(os.environ['OTP_TOKEN']); time.sleep(30)"


def test_cost_and_progress_reported_over_mcp_land_on_the_run(org, tmp_path):
    c = crew(org)
    c.script(WAITER, workdir=str(tmp_path))
    c.wake()
    c.step()
    running = c.until_running()
    token = c.wait_for(lambda: (tmp_path / "token.txt").exists() and Path(tmp_path / "token.txt").read_text())
    cost = call(org, token, "report_run_cost", cents=7, tokens=1200, model="small")
    progress = call(org, token, "report_run_progress", note="halfway through the ledger")
    assert cost["status"] == "done" and cost["result"]["run_cost_cents"] == 7, cost
    assert progress["result"]["progress"] == "halfway through the ledger"
    org.ok("POST", f"/api/v1/runs/{running.id}/cancel")
    [run] = c.finished()
    assert (run.state, run.cost_cents, run.tokens) == ("cancelled", 7, 1200)
    assert org.ok("GET", f"/api/v1/agents/{c.agent_id}/costs")["spent_cents"] == 7


def test_a_person_cannot_report_within_a_run(org):
    answer = call(org, org.token, "report_run_cost", cents=1)
    assert answer["status"] == "denied" and answer["denied"]["field"] == "actor"
