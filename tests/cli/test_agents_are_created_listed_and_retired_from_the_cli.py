"""otp agent create|list|retire go through the agent service: governed, evented, refused with the
field named when the input is bad."""
import pytest
from sqlalchemy import select

from otp.core.db import Database
from otp.events.models import Event
from tests.cli.kit import otp, otp_json


def _agent_events(url: str) -> list[str]:
    db = Database(url)
    try:
        with db.read() as s:
            return list(s.execute(select(Event.action).where(Event.entity_type == "agent").order_by(Event.seq)).scalars())
    finally:
        db.dispose()


@pytest.fixture
def url(isolated_db):
    assert otp(isolated_db.url, "init", "--name", "Acme", "--slug", "acme", "--owner-email", "boss@acme.test",
               "--owner-password", "secret").exit_code == 0
    return isolated_db.url


def test_an_agent_is_created_listed_with_its_level_and_retired(url):
    made = otp_json(url, "agent", "create", "Scout", "--runtime", "claude-code", "--level", "3",
                    "--budget-cents", "5000")
    assert made["name"] == "Scout" and made["level"] == 3 and made["status"] == "active"
    [listed] = otp_json(url, "agent", "list")
    assert listed["id"] == made["id"] and listed["monthly_budget_cents"] == 5000 and listed["seat"] is None
    assert "Scout  L3  active  (no seat)" in otp(url, "agent", "list").stdout
    assert otp_json(url, "agent", "retire", "Scout")["status"] == "retired"
    assert otp_json(url, "agent", "list")[0]["status"] == "retired"
    assert _agent_events(url) == ["agent.created", "agent.updated"]


def test_a_second_agent_with_the_same_name_is_refused_naming_the_field(url):
    otp(url, "agent", "create", "Scout")
    result = otp(url, "agent", "create", "Scout")
    assert result.exit_code == 1 and "already exists (name)" in result.stderr
    assert len(otp_json(url, "agent", "list")) == 1


def test_retiring_an_unknown_agent_says_so(url):
    result = otp(url, "agent", "retire", "Nobody")
    assert result.exit_code == 1 and "no agent named 'Nobody'" in result.stderr
