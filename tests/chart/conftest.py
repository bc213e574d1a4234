"""The chart's page tests use the web tests' demo database (one template per session, a copy per test)."""
from tests.web.conftest import demo_db, demo_template  # noqa: F401  (pytest fixtures, used by name)
