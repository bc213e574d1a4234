"""Test databases: SQLite files by default; PostgreSQL when OTP_TEST_DATABASE_URL points at a server.

For PostgreSQL each call creates a brand-new database on that server (and drops it afterwards),
so runs never see each other's data.
"""
from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.engine import make_url

from otp.core.config import normalize_url
from otp.core.migrate import upgrade
from otp.core.throwaway_database import throwaway_postgresql_database


def backend() -> str:
    url = os.environ.get("OTP_TEST_DATABASE_URL", "")
    return "postgresql" if url.startswith("postgres") else "sqlite"


@contextmanager
def session_database(tmp_dir: Path):
    """The suite's main database: the one OTP_TEST_DATABASE_URL names (CI creates it fresh), or a
    new one when the URL names the server's maintenance database `postgres`."""
    base = os.environ.get("OTP_TEST_DATABASE_URL", "")
    if base.startswith("postgres") and make_url(normalize_url(base)).database not in (None, "", "postgres"):
        url = normalize_url(base)
        upgrade(url)
        yield url
        return
    with fresh_database(tmp_dir) as url:
        yield url


@contextmanager
def fresh_database(tmp_dir: Path):
    """Yield the URL of a new, migrated, empty database."""
    with empty_database(tmp_dir) as url:
        upgrade(url)
        yield url


@contextmanager
def empty_database(tmp_dir: Path):
    """Yield the URL of a new database with no tables at all (not even migrated)."""
    base = os.environ.get("OTP_TEST_DATABASE_URL", "")
    if not base.startswith("postgres"):
        yield f"sqlite:///{tmp_dir / f'otp-{uuid.uuid4().hex[:8]}.sqlite3'}"
        return
    with throwaway_postgresql_database(base, "otp_test") as url:
        yield url
