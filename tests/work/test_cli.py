"""The otp outcomes | issues | todos commands, against a real database file with the demo."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from otp.cli.main import app as cli

runner = CliRunner()


@pytest.fixture
def url(isolated_db):
    result = runner.invoke(cli, ["demo", "--no-serve", "--database-url", isolated_db.url])
    assert result.exit_code == 0, result.output
    return isolated_db.url


def invoke(url, *args):
    return runner.invoke(cli, [*args, "--database-url", url])


def read(url, group):
    result = invoke(url, group, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_the_demo_quarter_reads_back_as_json(url):
    outcomes = read(url, "outcomes")
    statuses = {o["status"] for o in outcomes if o["kind"] == "rock"}
    assert {"done", "off_track", "done_pending_review", "on_track"} <= statuses and len(outcomes) >= 6
    issues = read(url, "issues")
    assert {"drift", "agent", "manual"} <= {i["source"] for i in issues}
    assert any(i["state"] == "solved" for i in issues) and any(i["state"] == "open" for i in issues)
    assert any(i["dedup_key"] and i["dedup_key"].startswith("stale:todo:") for i in issues)
    assert any(t["overdue"] for t in read(url, "todos"))


def test_common_writes_work_end_to_end(url):
    seat = next(o["owner_seat_id"] for o in read(url, "outcomes"))
    todo_id = invoke(url, "todos", "add", "Ship it", "--seat", seat).output.strip()
    assert invoke(url, "todos", "done", todo_id).exit_code == 0
    assert todo_id not in {t["id"] for t in read(url, "todos")}
    issue_id = invoke(url, "issues", "raise", "Printer on fire", "--seat", seat).output.strip()
    assert invoke(url, "issues", "move", issue_id, "identified").output.strip() == f"{issue_id}: identified"
    rock_id = invoke(url, "outcomes", "add", "New rock", "--seat", seat, "--dod", "It is done").output.strip()
    result = invoke(url, "outcomes", "status", rock_id, "on_track", "--note", "fine")
    assert result.output.strip() == f"{rock_id}: on_track"


def test_errors_name_the_field_and_exit_1(url):
    result = invoke(url, "todos", "add", "Ship it", "--seat", "seat_nope")
    assert result.exit_code == 1 and "(owner_seat_id)" in result.output
    result = invoke(url, "issues", "move", "iss_nope", "identified")
    assert result.exit_code == 1 and "(issue_id)" in result.output


def test_text_output_lists_the_issues_with_the_top_three_starred(url):
    result = invoke(url, "issues")
    assert result.exit_code == 0 and result.output.count("*") >= 1
