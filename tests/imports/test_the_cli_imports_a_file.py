"""`otp import chart FILE` as a child process: --dry-run writes nothing, then the import does;
a broken file exits 1 naming its lines."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.imports.kit import FIXTURES

pytestmark = pytest.mark.slow  # three child processes, each migrating and importing


def _otp(url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "otp.cli.main", *args, "--database-url", url],
                          capture_output=True, text=True, env=os.environ.copy(), timeout=180, check=False)


def test_dry_run_then_import_then_a_broken_file(isolated_db):
    from otp.org import orgs, people
    with isolated_db.write() as s:
        owner = people.create_person(s, email="cli-owner@example.com", name="Cli Owner", password="pw-cli")
        orgs.create_organization(s, name="Cli Co", slug="cli-co", owner_person_id=owner.id)
    url = isolated_db.url
    broken = _otp(url, "import", "chart", str(FIXTURES / "chart_broken.csv"))
    assert broken.returncode == 1
    assert "refused, nothing written" in broken.stderr and "line 5, column reports_to" in broken.stderr
    dry = _otp(url, "import", "chart", str(FIXTURES / "chart_30_seats.csv"), "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    assert json.loads(dry.stdout)["counts"]["seat"] == {"create": 30}
    done = _otp(url, "import", "chart", str(FIXTURES / "chart_30_seats.csv"))
    assert done.returncode == 0, done.stderr
    assert "imported into cli-co" in done.stdout and "seat: 30 create" in done.stdout
