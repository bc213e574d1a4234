"""The demo organization takes ~20 s to build through the services, so the web tests build it
once per run and give every test its own copy (SQLite: a file copy; PostgreSQL: CREATE DATABASE
... TEMPLATE), keeping tests independent and the folder fast."""
from __future__ import annotations

import sqlite3
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from otp.core.db import Database
from otp.demo.seed import ensure_demo
from tests.dbs import backend, fresh_database


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo-template")
    with fresh_database(folder) as url:
        database = Database(url)
        ensure_demo(database)
        database.dispose()
        yield url


@pytest.fixture
def demo_db(demo_template, tmp_path):
    """A database of its own holding the demo organization."""
    if backend() == "sqlite":
        copy = tmp_path / f"demo-{uuid.uuid4().hex[:8]}.sqlite3"
        source, target = sqlite3.connect(make_url(demo_template).database), sqlite3.connect(copy)
        source.backup(target)
        source.close(), target.close()
        url = f"sqlite:///{copy}"
    else:
        template = make_url(demo_template)
        name = f"otp_web_{uuid.uuid4().hex[:12]}"
        admin = create_engine(template.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template.database}"'))
        url = template.set(database=name).render_as_string(hide_password=False)
    database = Database(url)
    yield database
    database.dispose()
    if backend() != "sqlite":
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
