"""Fixtures shared by the whole suite. Run against PostgreSQL by setting
OTP_TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres (see .ci/run)."""
from __future__ import annotations

import os

# One audit key for the whole run: every Database the tests open, in this process or in the
# `otp` processes they start, hashes and verifies the event chains under it.
os.environ.setdefault("OTP_AUDIT_KEY", "test-audit-key")

import pytest  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from otp.api.app import create_app  # noqa: E402
from otp.core import clock  # noqa: E402
from otp.core.config import Settings  # noqa: E402
from otp.core.db import Database  # noqa: E402
from tests.dbs import backend, fresh_database, session_database  # noqa: E402
from tests.helpers import OrgKit  # noqa: E402


def pytest_report_header(config):
    return f"OTP test database backend: {backend()}"


@pytest.fixture(scope="session")
def session_tmp(tmp_path_factory):
    return tmp_path_factory.mktemp("otp")


@pytest.fixture(scope="session")
def database_url(session_tmp):
    with session_database(session_tmp) as url:
        yield url


@pytest.fixture(scope="session")
def db(database_url):
    database = Database(database_url)
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def settings(database_url, session_tmp):
    return Settings(database_url=database_url, data_dir=session_tmp, secret_key="test-secret-key")


@pytest.fixture(scope="session")
def app(settings, db):
    return create_app(settings, db)


@pytest.fixture(scope="session")
def client(app):
    with TestClient(app) as c:
        yield c


@pytest.fixture
def org(db, client) -> OrgKit:
    """A new organization per test: strict tenant isolation lets tests share one database."""
    return OrgKit.create(db, client)


@pytest.fixture
def isolated_db(session_tmp):
    """A database of its own, for tests that inspect or damage global state."""
    with fresh_database(session_tmp) as url:
        database = Database(url)
        yield database
        database.dispose()


@pytest.fixture(autouse=True)
def _no_chosen_organization(monkeypatch, session_tmp):
    """CLI commands pick their organization from OTP_ORG or the `otp use` file in the data folder:
    neither may leak in from the machine running the tests."""
    monkeypatch.delenv("OTP_ORG", raising=False)
    monkeypatch.setenv("OTP_DATA_DIR", str(session_tmp / "data"))


@pytest.fixture(autouse=True)
def _real_clock():
    yield
    clock.reset()
