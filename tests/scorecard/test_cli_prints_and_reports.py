"""`otp scorecard` prints the grid (or JSON); `otp scorecard report` reports by id or key."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from otp.cli.main import app as cli

runner = CliRunner()


@pytest.fixture
def url(isolated_db):
    result = runner.invoke(cli, ["init", "--name", "Acme", "--slug", "acme", "--owner-email", "boss@acme.test",
                                 "--owner-password", "secret", "--database-url", isolated_db.url])
    assert result.exit_code == 0, result.output
    from otp.org import chart
    from otp.cli.common import owner_actor, pick_org
    from otp.scorecard import measurables
    with isolated_db.write() as s:
        actor = owner_actor(s, pick_org(s, None))
        seat = chart.create_seat(s, actor, title="CEO", responsibilities=["a", "b", "c"])
        measurables.create_measurable(s, actor, title="Calls made", key="calls", owner_seat_id=seat.id, target=20)
    return isolated_db.url


def invoke(*args):
    return runner.invoke(cli, list(args))


def test_report_by_key_then_print_the_grid(url):
    result = invoke("scorecard", "report", "calls", "25", "--period", "2026-01-07", "--note", "good week",
                    "--database-url", url)
    assert result.exit_code == 0, result.output
    assert "Calls made: 25 for the period of 2026-01-05 (version 1) on target" in result.output
    grid = invoke("scorecard", "--periods", "200", "--database-url", url)
    assert grid.exit_code != 0  # --periods is bounded
    assert "Calls made" in invoke("scorecard", "--database-url", url).output


def test_json_output_has_the_groups_and_the_reported_cell(url):
    invoke("scorecard", "report", "calls", "5", "--database-url", url)
    data = json.loads(invoke("scorecard", "--json", "--database-url", url).output)
    row = data["groups"][0]["measurables"][0]
    assert row["key"] == "calls" and row["cells"][-1]["value"] == 5 and row["cells"][-1]["on_target"] is False


def test_an_unknown_measurable_or_bad_period_fails_naming_it(url):
    unknown = invoke("scorecard", "report", "nope", "1", "--database-url", url)
    assert unknown.exit_code == 1 and "(measurable)" in unknown.output
    bad = invoke("scorecard", "report", "calls", "1", "--period", "someday", "--database-url", url)
    assert bad.exit_code == 1 and "(period)" in bad.output
