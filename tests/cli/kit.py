"""Helpers for CLI tests: run `otp …` in-process against a database of its own, with its data
folder (where `otp use` keeps its choice) in the test's tmp folder."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from otp.cli.main import app as cli

runner = CliRunner()


def otp(url: str, *args: str, env: dict | None = None):
    return runner.invoke(cli, [*args, "--database-url", url], env=env)


def otp_json(url: str, *args: str, env: dict | None = None):
    result = otp(url, *args, "--json", env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def two_orgs(url: str) -> None:
    """Two organizations, acme and globex, each with its owner."""
    for slug in ("acme", "globex"):
        result = otp(url, "init", "--name", slug.title(), "--slug", slug, "--owner-email", f"boss@{slug}.test",
                     "--owner-password", "secret")
        assert result.exit_code == 0, result.output
