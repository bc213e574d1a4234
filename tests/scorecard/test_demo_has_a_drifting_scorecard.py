"""The demo's scorecard: about a dozen measurables of people and agents, 13 weeks, a formula,
and the drift issues the real check raised along the way."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from otp.cli.main import app as cli

pytestmark = pytest.mark.slow


def test_the_demo_scorecard_has_history_a_formula_and_drift_issues(isolated_db):
    runner = CliRunner()
    assert runner.invoke(cli, ["demo", "--no-serve", "--database-url", isolated_db.url]).exit_code == 0
    card = json.loads(runner.invoke(cli, ["scorecard", "--json", "--database-url", isolated_db.url]).output)
    rows = [r for g in card["groups"] for r in g["measurables"]]
    kinds = {g["seat"]["occupant"]["kind"] for g in card["groups"]}
    assert len(rows) >= 12 and kinds == {"person", "agent"} and any(r["formula"] for r in rows)
    assert all(sum(c["value"] is not None for c in r["cells"]) == 13 for r in rows)
    from otp.work.models import Issue
    with isolated_db.read() as s:
        keys = s.execute(select(Issue.dedup_key).where(Issue.source == "drift",
                                                       Issue.linked_type == "measurable")).scalars().all()
    assert len(keys) >= 3 and all(k.startswith("drift:measurable:") for k in keys)
