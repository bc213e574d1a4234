"""otp run configure|wake|list|show|cancel against the same database and services."""
import json
import sys

from typer.testing import CliRunner

from otp.cli.main import app as cli
from tests.runs.kit import crew

runner = CliRunner()


def otp(org, *args):
    result = runner.invoke(cli, [*args, "--org", org.slug, "--database-url", org.db.url])
    return result.exit_code, result.output


def test_the_cli_runs_an_agent_and_shows_what_happened(org):
    c = crew(org)
    name = c.agent["name"]
    code, out = otp(org, "run", "configure", name, "--adapter", "command",
                    "--command", json.dumps([sys.executable, "-c", "print('hello from the run')"]))
    assert code == 0, out
    code, out = otp(org, "run", "wake", name, "--json")
    run_id = json.loads(out)["run"]["id"]
    c.step()
    c.finished()
    code, out = otp(org, "run", "list", name)
    assert code == 0 and run_id in out and "succeeded run_now exit 0" in out
    code, out = otp(org, "run", "show", run_id)
    assert code == 0 and "hello from the run" in out


def test_the_cli_cancels_a_queued_run_and_names_a_bad_command(org):
    c = crew(org)
    name = c.agent["name"]
    code, out = otp(org, "run", "configure", name, "--adapter", "command", "--command", '["/no/such/agent"]')
    assert code == 1 and "(command)" in out
    otp(org, "run", "configure", name, "--adapter", "command", "--command", json.dumps([sys.executable]))
    run_id = json.loads(otp(org, "run", "wake", name, "--json")[1])["run"]["id"]
    code, out = otp(org, "run", "cancel", run_id)
    assert code == 0 and out.strip() == f"{run_id} cancelled"
