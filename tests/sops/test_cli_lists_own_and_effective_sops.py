"""otp sops SEAT_ID [--effective] [--json]."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from otp.cli.main import app as cli
from tests.sops.kit import chain, sop


def test_the_cli_prints_own_and_inherited_sops(org, db):
    root, leaf = chain(org, "Writer")
    sop(org, root, "escalate", title="Escalate a blocker")
    sop(org, leaf, "draft", title="Draft a post")
    runner = CliRunner()
    text = runner.invoke(cli, ["sops", leaf["id"], "--effective", "--database-url", db.url])
    assert text.exit_code == 0, text.output
    assert "draft v1: Draft a post" in text.output and "escalate v1: Escalate a blocker  [from CEO]" in text.output
    data = json.loads(runner.invoke(cli, ["sops", leaf["id"], "--json", "--database-url", db.url]).output)
    assert [s["key"] for s in data["sops"]] == ["draft"]
    missing = runner.invoke(cli, ["sops", "seat_nope", "--database-url", db.url])
    assert missing.exit_code == 1 and "no seat" in missing.output
