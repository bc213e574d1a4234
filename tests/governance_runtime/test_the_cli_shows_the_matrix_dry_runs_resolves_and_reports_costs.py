"""The CLI faces of governance beyond the inbox: the effective matrix, a decision dry run, approving,
resolving an escalation, an agent's budget and its cost events."""
import json

from typer.testing import CliRunner

from otp.cli.main import app
from otp.demo.seed import ensure_demo

runner = CliRunner()


def cli(db, *args, code: int = 0):
    result = runner.invoke(app, [*args, "--database-url", db.url])
    assert result.exit_code == code, result.output
    return result.output


def test_the_matrix_and_a_dry_run(isolated_db):
    ensure_demo(isolated_db)
    matrix = json.loads(cli(isolated_db, "policy", "matrix", "--json"))
    assert matrix["actions"]["todo.create"]["3"] == "allow" and matrix["actions"]["policy.change"]["8"] == "deny"
    assert "measurable.report" in cli(isolated_db, "policy", "matrix")
    deny = json.loads(cli(isolated_db, "policy", "check", "deploy", "--agent", "Relay", "--json"))
    assert deny["effect"] == "deny" and deny["rule"] == "hard_deny:agents-never-deploy"
    ask = json.loads(cli(isolated_db, "policy", "check", "external.spend", "--agent", "Bidwell",
                         "--amount-cents", "120000", "--json"))
    assert ask["effect"] == "ask" and ask["approver"]["person_id"]
    assert "allow" in cli(isolated_db, "policy", "check", "external.spend", "--agent", "Bidwell",
                          "--amount-cents", "100")
    assert "unknown action class" in cli(isolated_db, "policy", "check", "todo.explode", code=1)


def test_approving_and_resolving_from_the_cli(isolated_db):
    ensure_demo(isolated_db)
    [pending] = json.loads(cli(isolated_db, "approvals", "--json"))
    approved = json.loads(cli(isolated_db, "approve", pending["id"], "--json"))
    assert approved["state"] == "approved" and approved["decided_by"]["kind"] == "person"
    assert "already approved" in cli(isolated_db, "approve", pending["id"], code=1)
    [open_one] = json.loads(cli(isolated_db, "escalations", "--json"))
    resolved = json.loads(cli(isolated_db, "resolve", open_one["id"], "--resolution", "Called the CMO", "--json"))
    assert resolved["state"] == "resolved" and resolved["resolution"] == "Called the CMO"
    assert json.loads(cli(isolated_db, "escalations", "--json")) == []


def test_budget_and_costs_from_the_cli(isolated_db):
    ensure_demo(isolated_db)
    assert "50000 cents" in cli(isolated_db, "agent", "budget", "Scout", "50000")
    costs = json.loads(cli(isolated_db, "costs", "Scout", "--json"))
    assert costs["budget_cents"] == 50000 and costs["spent_cents"] == sum(c["cents"] for c in costs["items"])
    assert "none" in cli(isolated_db, "agent", "budget", "Scout", "none")
    assert "whole number" in cli(isolated_db, "agent", "budget", "Scout", "lots", code=2)
    assert "Nobody" in cli(isolated_db, "costs", "Nobody", code=1)
