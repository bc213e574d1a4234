"""Several instances started at once (a rolling deploy, `otp serve` on N machines) all migrate
the same database: one builds the schema, the others wait for it and find nothing to do. Without
the migration lock two of them raced to create the same tables and `alembic_version` rows and
crashed with a unique violation."""
import subprocess
import sys

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from otp.core.migrate import alembic_config, upgrade
from tests.dbs import empty_database

INSTANCES = 4


def start_migrations_together(url: str) -> list[subprocess.CompletedProcess]:
    procs = [subprocess.Popen([sys.executable, "-m", "otp.cli.main", "migrate", "--database-url", url],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(INSTANCES)]
    return [(p.wait(timeout=240), p.stderr.read()) for p in procs]


def applied_revisions(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {row[0] for row in conn.execute(text("SELECT version_num FROM alembic_version"))}
    finally:
        engine.dispose()


def at_every_head(url: str) -> bool:
    """Every revision is applied: all of them are reached from what alembic_version records. (The
    recorded rows are not simply get_heads(): a revision that depends_on other branches, as
    0023_search does, stands in the table for the branch heads it depends on.)"""
    script = ScriptDirectory.from_config(alembic_config(url))
    applied = applied_revisions(url)
    reached = {rev.revision for rev in script.revision_map.iterate_revisions(tuple(applied), "base")}
    return reached == {rev.revision for rev in script.walk_revisions()}


@pytest.mark.slow
def test_four_instances_migrating_an_empty_database_at_once_all_come_up(tmp_path):
    with empty_database(tmp_path) as url:
        results = start_migrations_together(url)
        assert [rc for rc, _ in results] == [0] * INSTANCES, [err[-2000:] for _, err in results]
        assert at_every_head(url), applied_revisions(url)


@pytest.mark.slow
def test_four_instances_finding_one_migration_missing_all_come_up(tmp_path):
    with empty_database(tmp_path) as url:
        upgrade(url)
        command.downgrade(alembic_config(url), "0012_approval_grants@-1")
        assert "0012_approval_grants" not in applied_revisions(url)
        results = start_migrations_together(url)
        assert [rc for rc, _ in results] == [0] * INSTANCES, [err[-2000:] for _, err in results]
        assert at_every_head(url), applied_revisions(url)
