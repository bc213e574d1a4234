"""A throwaway database for one bench run: a SQLite file in a temporary folder, or a database
created on the PostgreSQL server OTP_BENCH_DATABASE_URL names and dropped when the run ends, so
runs never time each other's leftovers."""
from __future__ import annotations

import os
import tempfile
import uuid
from contextlib import contextmanager
from typing import Iterator

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from otp.core.config import normalize_url


@contextmanager
def fresh_database(label: str) -> Iterator[str]:
    """The URL of a new, empty database; `label` names it (otp_bench_<label>_…) on the server."""
    url = os.environ.get("OTP_BENCH_DATABASE_URL")
    if not url:
        yield f"sqlite:///{tempfile.mkdtemp()}/bench-{label}.sqlite3"
        return
    base = make_url(normalize_url(url))
    name = f"otp_bench_{label}_{uuid.uuid4().hex[:12]}"
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
