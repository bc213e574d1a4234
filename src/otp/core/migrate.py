"""Applying migrations from code (otp migrate, serve and demo call this)."""
from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from otp.core import audit_keys
from otp.core.audit_keys import AuditKey
from otp.core.db import make_engine

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
# The key of the PostgreSQL advisory lock held while migrating (any constant unique to OTP).
MIGRATION_LOCK_KEY = 0x0710_6D16


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "heads", audit_key: AuditKey | None = None) -> None:
    """Apply every branch: domains add their migrations as branches off the foundation.

    Instances that start together (a rolling deploy) take turns: the first builds the schema,
    the others wait for the lock and then find nothing left to do. `audit_key` (default:
    OTP_AUDIT_KEY) is for the migration that re-keys audit chains written before keys existed."""
    cfg = alembic_config(url)
    cfg.attributes["audit_key"] = audit_key or audit_keys.from_environment()
    with migration_lock(url):
        command.upgrade(cfg, revision)


@contextmanager
def migration_lock(url: str) -> Iterator[None]:
    """Hold a lock that every OTP process migrating this database takes: a PostgreSQL advisory
    lock (session-level, on a connection of its own), or a file lock beside a SQLite file."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        engine = make_engine(url, poolclass=NullPool)
        try:
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
                try:
                    yield
                finally:
                    conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK_KEY})
        finally:
            engine.dispose()
        return
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        yield  # an in-memory database has one process by definition
        return
    with open(f"{database}.migrate-lock", "a+b") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


def revision(url: str, message: str, rev_id: str, down: str | None = None) -> None:
    """Developer helper: autogenerate a revision against an up-to-date database."""
    command.revision(alembic_config(url), message=message, autogenerate=True, rev_id=rev_id)
