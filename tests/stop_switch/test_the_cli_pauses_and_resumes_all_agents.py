"""otp agents pause-all --reason … | resume-all | stop-switch, through the same service."""
import json

from typer.testing import CliRunner

from otp.cli.main import app
from tests.stop_switch.kit import create_todo, org_row, stoppable

runner = CliRunner()


def cli(org, *args, code: int = 0) -> str:
    result = runner.invoke(app, [*args, "--org", org.slug, "--database-url", org.db.url])
    assert result.exit_code == code, result.output
    return result.output


def test_the_cli_pauses_all_agents_with_a_reason_and_resumes_them(org):
    w = stoppable(org)
    assert "all agents paused — Audit" in cli(org, "agents", "pause-all", "--reason", "Audit")
    assert create_todo(w).status_code == 403
    assert json.loads(cli(org, "agents", "stop-switch", "--json"))["paused"] is True
    assert "agents running" in cli(org, "agents", "resume-all")
    assert create_todo(w).status_code == 201
    assert [e.actor_id for e in org.events("organization.agents_paused")] == [org.owner_id]


def test_pausing_twice_from_the_cli_says_why_and_changes_nothing(org):
    cli(org, "agents", "pause-all", "--reason", "Audit")
    assert "already paused: Audit" in cli(org, "agents", "pause-all", "--reason", "Again", code=1)
    assert org_row(org).agents_paused_reason == "Audit"
