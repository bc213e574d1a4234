"""A throwaway database for one bench run: a SQLite file in a temporary folder, or a database
created on the PostgreSQL server OTP_BENCH_DATABASE_URL names and dropped when the run ends, so
runs never time each other's leftovers."""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from typing import Iterator

from otp.core.throwaway_database import throwaway_postgresql_database


@contextmanager
def fresh_database(label: str) -> Iterator[str]:
    """The URL of a new, empty database; `label` names it (otp_bench_<label>_…) on the server."""
    url = os.environ.get("OTP_BENCH_DATABASE_URL")
    if not url:
        yield f"sqlite:///{tempfile.mkdtemp()}/bench-{label}.sqlite3"
        return
    with throwaway_postgresql_database(url, f"otp_bench_{label}") as database_url:
        yield database_url
