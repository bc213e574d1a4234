"""A PostgreSQL database made for one run and dropped after it, so that test and benchmark runs
never see each other's data (the tests and the bench both use it; neither may import the other)."""
from __future__ import annotations

import uuid
from contextlib import contextmanager
from typing import Iterator

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from otp.core.config import normalize_url


@contextmanager
def throwaway_postgresql_database(server_url: str, prefix: str) -> Iterator[str]:
    """The URL of a new, empty database named `<prefix>_<random>` on the server `server_url` names;
    dropped (with any connection still open to it) when the block ends."""
    base = make_url(normalize_url(server_url))
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield base.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()
