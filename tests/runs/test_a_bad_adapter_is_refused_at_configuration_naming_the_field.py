"""A runtime that could not run is refused when it is configured, with the field named, and
nothing changes."""
import pytest

from tests.runs.kit import PY, crew

BAD = [
    ({"adapter": "command", "command": ["/no/such/program"]}, "command", "does not exist"),
    ({"adapter": "command", "command": ["no-such-program-otp"]}, "command", "not found on the worker's PATH"),
    ({"adapter": "command", "command": ["bin/python"]}, "command", "absolute path"),
    ({"adapter": "command", "command": [PY, "{secret}"]}, "command", "unknown placeholder {secret}"),
    ({"adapter": "command", "command": [PY], "workdir": "agents/tally"}, "workdir", "absolute"),
    ({"adapter": "command", "command": [PY], "env": {"OTP_TOKEN": "x"}}, "env", "OTP_"),
    ({"adapter": "command"}, "command", "needs a command"),
    ({"adapter": "http", "url": "http://127.0.0.1:9/wake"}, "url", "loopback"),
    ({"adapter": "http", "url": "http://169.254.169.254/"}, "url", "link-local"),
    ({"adapter": "http"}, "url", "needs the agent's url"),
    ({"adapter": "command", "command": [PY], "active_hours": [18, 9]}, "active_hours", "start < end"),
]


@pytest.mark.parametrize("body, field, words", BAD)
def test_a_bad_runtime_is_a_422_naming_the_field(org, body, field, words):
    c = crew(org)
    before = org.event_count()
    answer = org.call("PUT", f"/api/v1/agents/{c.agent_id}/runtime", json=body)
    error = answer.json()["error"]
    assert (answer.status_code, error["field"]) == (422, field) and words in error["message"], error
    assert org.event_count() == before and c.runtime() is None
