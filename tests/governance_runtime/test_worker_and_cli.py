import json

from typer.testing import CliRunner

from otp.cli.main import app
from otp.core import clock
from otp.worker.loop import tick
from tests.governance_runtime.kit import approvals, chart, declare, escalations, later

runner = CliRunner()


def cli(db, *args):
    result = runner.invoke(app, [*args, "--database-url", db.url])
    assert result.exit_code == 0, result.output
    return result.output


def test_worker_once_runs_every_task_and_reports_counts(isolated_db):
    out = json.loads(cli(isolated_db, "worker", "--once").strip().splitlines()[-1])
    assert {"governance.approval_deadlines", "governance.escalation_sla", "governance.allow_counts"} <= set(out)


def test_a_tick_moves_overdue_approvals_and_escalations(org, db):
    c = chart(org)
    clock.freeze(clock.now())
    declare(org, c.agent_token)
    org.ok("POST", "/api/v1/escalations", {"reason": "Blocked", "urgency": "critical"}, token=c.agent_token,
           status=201)
    later(25)
    result = tick(db, clock.now())
    assert all(not isinstance(v, str) for k, v in result.items() if k.startswith("governance.")), result
    assert approvals(db, org.org_id)[0].approver_seat_id == c.coo["id"]
    assert escalations(db, org.org_id)[0].holder_seat_id == c.coo["id"]


def test_the_cli_shows_and_decides(isolated_db, client):
    from otp.demo.seed import ensure_demo
    ensure_demo(isolated_db)
    pending = json.loads(cli(isolated_db, "approvals", "--json"))
    assert [a["action"] for a in pending] == ["external.spend"]
    rejected = json.loads(cli(isolated_db, "reject", pending[0]["id"], "--reason", "Too much", "--json"))
    assert rejected["state"] == "rejected" and rejected["reason"] == "Too much"
    assert json.loads(cli(isolated_db, "approvals", "--json")) == []
    assert len(json.loads(cli(isolated_db, "escalations", "--json"))) == 1
    ledger = json.loads(cli(isolated_db, "ledger", "Relay", "--json"))
    assert [(e["from_level"], e["to_level"]) for e in ledger] == [(6, 7), (7, 8)]
    assert "paused" in cli(isolated_db, "agent", "pause", "Scout")
    assert "active" in cli(isolated_db, "agent", "resume", "Scout")
    doc = json.loads(cli(isolated_db, "policy", "set", "--cell", "3:issue.solve=allow", "--json"))
    assert {"level": 3, "action": "issue.solve", "effect": "allow"} in doc["matrix"]
    assert "hard-deny rules: 3" in cli(isolated_db, "policy", "show")
    bad = runner.invoke(app, ["policy", "set", "--cell", "3:policy.change=allow", "--database-url", isolated_db.url])
    assert bad.exit_code == 1 and "matrix" in bad.output
