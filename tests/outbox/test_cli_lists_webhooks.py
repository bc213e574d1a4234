"""otp webhooks [--json]: the subscriptions and their delivery state, never the secret."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from otp.cli.main import app as cli
from tests.outbox.kit import CLOSED_PORT_URL, hook


def test_the_cli_lists_webhooks_without_secrets(org, db):
    created = hook(org, CLOSED_PORT_URL, filters=["sop.*"])
    runner = CliRunner()
    data = json.loads(runner.invoke(cli, ["webhooks", "--org", org.slug, "--json", "--database-url", db.url]).output)
    assert [(w["id"], w["filters"], w["active"]) for w in data["webhooks"]] == [(created["id"], ["sop.*"], True)]
    text = runner.invoke(cli, ["webhooks", "--org", org.slug, "--database-url", db.url])
    assert text.exit_code == 0 and CLOSED_PORT_URL in text.output and created["secret"] not in text.output
