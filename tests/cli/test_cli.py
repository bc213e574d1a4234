"""The `otp` command against a real database file."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from otp.cli.main import app as cli

runner = CliRunner()


@pytest.fixture
def url(isolated_db):
    return isolated_db.url


def invoke(*args):
    return runner.invoke(cli, list(args))


def test_init_creates_an_organization_and_its_owner(url):
    result = invoke("init", "--name", "Acme", "--slug", "acme", "--owner-email", "boss@acme.test",
                    "--owner-password", "secret", "--database-url", url)
    assert result.exit_code == 0, result.output
    again = invoke("init", "--name", "Acme", "--slug", "acme", "--owner-email", "x@acme.test",
                   "--owner-password", "secret", "--database-url", url)
    assert again.exit_code == 1 and "already exists (slug)" in again.output


def test_init_rejects_a_bad_timezone_naming_it(url):
    result = invoke("init", "--name", "Acme", "--slug", "acme", "--owner-email", "boss@acme.test",
                    "--owner-password", "secret", "--timezone", "Mars/Olympus", "--database-url", url)
    assert result.exit_code == 1 and "(timezone)" in result.output


def test_demo_creates_the_brightline_chart_once(url):
    first = invoke("demo", "--no-serve", "--database-url", url)
    second = invoke("demo", "--no-serve", "--database-url", url)
    assert "Created the demo" in first.output and "Found the demo" in second.output
    seats = json.loads(invoke("chart", "--json", "--database-url", url).output)["seats"]
    kinds = [s["occupant"]["kind"] if s["occupant"] else None for s in seats]
    assert kinds.count("person") == 5 and kinds.count("agent") == 8 and kinds.count(None) >= 1
    by_id = {s["id"]: s for s in seats}
    depth = max(_depth(by_id, s) for s in seats)
    assert depth >= 3
    assert all(3 <= len(s["responsibilities"]) <= 5 and s["purpose"] for s in seats)


def _depth(by_id, seat):
    d = 0
    while seat["parent_id"]:
        seat, d = by_id[seat["parent_id"]], d + 1
    return d


def test_token_create_prints_a_token_that_the_api_accepts(url):
    from fastapi.testclient import TestClient

    from otp.api.app import create_app
    from otp.core.config import Settings
    invoke("demo", "--no-serve", "--database-url", url)
    result = invoke("token", "create", "--agent", "Quill", "--json", "--database-url", url)
    assert result.exit_code == 0, result.output
    token = json.loads(result.output)["token"]
    app = create_app(Settings(database_url=url, data_dir=None, secret_key="k"))
    with TestClient(app) as client:
        me = client.get("/api/v1/chart", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and len(me.json()["seats"]) == 14


def test_token_create_needs_exactly_one_holder(url):
    invoke("demo", "--no-serve", "--database-url", url)
    assert invoke("token", "create", "--database-url", url).exit_code == 2
    result = invoke("token", "create", "--agent", "Nobody", "--database-url", url)
    assert result.exit_code == 1 and "no agent named 'Nobody'" in result.output


def test_chart_prints_humans_agents_and_vacancies(url):
    invoke("demo", "--no-serve", "--database-url", url)
    text = invoke("chart", "--database-url", url).output
    assert "Maya Chen [human]" in text and "Quill [agent L5]" in text and "VACANT" in text
