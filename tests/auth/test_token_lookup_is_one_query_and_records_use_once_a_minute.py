"""Token lookup: one joined read per request that refuses exactly what it refused before, and a
last-use stamp written at most once a minute per token (a read within the minute stays a read)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from otp.auth.models import ApiToken
from otp.auth.tokens import LAST_USED_RESOLUTION
from otp.core import clock

ROUTES = ["/api/v1/chart", "/api/v1/me/briefing"]


def _last_used(db, token_id):
    with db.read() as s:
        return s.get(ApiToken, token_id).last_used_at


@pytest.mark.parametrize("path", ROUTES)
def test_a_use_within_the_minute_does_not_write_and_one_after_it_does(org, db, path):
    clock.freeze(clock.now())
    created = org.ok("POST", "/api/v1/tokens", {"agent_id": org.agent()["id"]}, status=201)
    assert org.get(path, token=created["token"]).status_code == 200
    first = _last_used(db, created["id"])
    assert first == clock.now()

    clock.advance(LAST_USED_RESOLUTION)  # exactly at the edge: still within the window
    assert org.get(path, token=created["token"]).status_code == 200
    assert _last_used(db, created["id"]) == first

    clock.advance(timedelta(seconds=1))
    assert org.get(path, token=created["token"]).status_code == 200
    assert _last_used(db, created["id"]) == clock.now() > first


@pytest.mark.parametrize("path", ROUTES)
def test_a_removed_member_gets_401_naming_why(org, path):
    person = org.person("Rory Removed")
    token = org.token_for(person=person)
    assert org.get(path, token=token).status_code == 200
    org.ok("DELETE", f"/api/v1/people/{person['id']}")
    response = org.get(path, token=token)
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "token holder is no longer a member"


@pytest.mark.parametrize("path", ROUTES)
def test_a_retired_agent_gets_401_naming_why(org, path):
    agent = org.agent()
    token = org.token_for(agent=agent)
    assert org.get(path, token=token).status_code == 200
    org.ok("PATCH", f"/api/v1/agents/{agent['id']}", {"status": "retired"})
    response = org.get(path, token=token)
    assert response.status_code == 401 and response.json()["error"]["message"] == "token holder is retired"


@pytest.mark.parametrize("path", ROUTES)
def test_revoked_expired_unknown_and_missing_tokens_get_the_same_401_on_every_route(org, client, path):
    agent = org.agent()
    revoked = org.ok("POST", "/api/v1/tokens", {"agent_id": agent["id"]}, status=201)
    org.ok("DELETE", f"/api/v1/tokens/{revoked['id']}")
    expiring = org.token_for(agent=agent, expires_at=(clock.now() + timedelta(hours=1)).isoformat())
    clock.freeze(clock.now() + timedelta(hours=2))
    for token, message in [(revoked["token"], "token revoked"), (expiring, "token expired"),
                           ("otp_not-a-real-token", "unknown token"), ("not-even-otp", "missing or malformed bearer token")]:
        response = org.get(path, token=token)
        assert response.status_code == 401 and response.json()["error"]["message"] == message, (token, response.text)
    response = client.get(path)
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("path", ROUTES)
def test_a_token_without_the_read_scope_gets_403(org, path):
    token = org.token_for(agent=org.agent(), scopes=["write"])
    response = org.get(path, token=token)
    assert response.status_code == 403 and response.json()["error"]["message"] == "this token lacks the read scope"


def test_a_person_token_carries_the_role_of_its_own_organization(org):
    token = org.token_for(person=org.person("Otto Observer", role="observer"))
    body = org.ok("GET", "/api/v1/me/briefing", token=token)
    assert body["actor"]["kind"] == "person" and body["actor"]["name"] == "Otto Observer"
    root = org.root()
    assert org.call("PATCH", f"/api/v1/seats/{root['id']}", {"title": "x"}, token=token).status_code == 403


@pytest.mark.parametrize("path", ROUTES)
def test_a_last_use_that_cannot_be_written_now_does_not_fail_the_request_and_is_written_later(org, db, path,
                                                                                              monkeypatch):
    from sqlalchemy.exc import OperationalError

    from otp.auth import tokens
    created = org.ok("POST", "/api/v1/tokens", {"agent_id": org.agent()["id"]}, status=201)
    real = tokens.touch_last_used

    def locked(session, token_id):
        raise OperationalError("UPDATE api_tokens", {}, Exception("database is locked"))
    monkeypatch.setattr(tokens, "touch_last_used", locked)
    assert org.get(path, token=created["token"]).status_code == 200
    assert _last_used(db, created["id"]) is None
    monkeypatch.setattr(tokens, "touch_last_used", real)
    assert org.get(path, token=created["token"]).status_code == 200
    assert _last_used(db, created["id"]) is not None
