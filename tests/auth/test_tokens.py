"""Tokens: shown once, stored as a hash, scoped, expiring, revocable; every request is one actor."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from otp.auth.models import ApiToken
from otp.core import clock
from tests.helpers import OrgKit


def test_an_agent_token_cannot_read_another_organization(org, db, client):
    other = OrgKit.create(db, client)
    foreign_seat = other.root()
    token = org.token_for(agent=org.agent("Robo"))
    assert org.get("/api/v1/chart", token=token).json() == {"seats": []}
    assert org.get(f"/api/v1/seats/{foreign_seat['id']}", token=token).status_code == 404
    assert org.get(f"/api/v1/organizations/{other.org_id}", token=token).status_code == 404
    events = org.get("/api/v1/events", token=token).json()["items"]
    assert events and all(e["id"] not in {x.id for x in other.events()} for e in events)


def test_an_agent_token_cannot_use_admin_endpoints(org):
    agent = org.agent("Robo")
    token = org.token_for(agent=agent)
    for method, path, body in [
        ("POST", "/api/v1/people", {"email": "x@example.com", "name": "X"}),
        ("POST", "/api/v1/tokens", {"agent_id": agent["id"]}),
        ("GET", "/api/v1/tokens", None),
        ("POST", "/api/v1/agents", {"name": "Clone"}),
        ("PATCH", f"/api/v1/agents/{agent['id']}", {"status": "active"}),
        ("PATCH", f"/api/v1/organizations/{org.org_id}", {"name": "Mine now"}),
    ]:
        response = org.call(method, path, body, token=token)
        assert response.status_code == 403, (path, response.text)
        assert response.json()["error"]["code"] == "forbidden"


def test_an_agent_token_cannot_carry_the_admin_scope(org):
    agent = org.agent("Robo")
    response = org.post("/api/v1/tokens", {"agent_id": agent["id"], "scopes": ["read", "admin"]})
    assert response.status_code == 403 and response.json()["error"]["field"] == "scopes"


def test_a_revoked_token_gets_401(org):
    agent = org.agent("Robo")
    created = org.ok("POST", "/api/v1/tokens", {"agent_id": agent["id"]}, status=201)
    assert org.get("/api/v1/chart", token=created["token"]).status_code == 200
    org.ok("DELETE", f"/api/v1/tokens/{created['id']}")
    response = org.get("/api/v1/chart", token=created["token"])
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "token revoked"


def test_an_expired_token_gets_401(org):
    agent = org.agent("Robo")
    expires = (clock.now() + timedelta(hours=1)).isoformat()
    token = org.token_for(agent=agent, expires_at=expires)
    assert org.get("/api/v1/chart", token=token).status_code == 200
    clock.advance(timedelta(hours=2))
    response = org.get("/api/v1/chart", token=token)
    assert response.status_code == 401 and response.json()["error"]["message"] == "token expired"


def test_unknown_and_missing_tokens_get_401(org, client):
    assert org.get("/api/v1/chart", token="otp_not-a-real-token").status_code == 401
    response = client.get("/api/v1/chart")
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"


def test_a_read_only_token_cannot_write(org):
    root = org.root()
    token = org.token_for(person=org.person("Rita Reader"), scopes=["read"])
    assert org.get("/api/v1/chart", token=token).status_code == 200
    response = org.call("PATCH", f"/api/v1/seats/{root['id']}", {"title": "x"}, token=token)
    assert response.status_code == 403


def test_an_observer_can_read_but_not_change_the_chart(org):
    root = org.root()
    token = org.token_for(person=org.person("Otto Observer", role="observer"))
    assert org.get("/api/v1/chart", token=token).status_code == 200
    assert org.call("PATCH", f"/api/v1/seats/{root['id']}", {"title": "x"}, token=token).status_code == 403


def test_tokens_are_stored_only_as_a_hash_and_record_last_use(org, db):
    created = org.ok("POST", "/api/v1/tokens", {"agent_id": org.agent("Robo")["id"]}, status=201)
    with db.read() as s:
        row = s.execute(select(ApiToken).where(ApiToken.id == created["id"])).scalar_one()
        assert created["token"] not in (row.token_hash, row.prefix) and len(row.token_hash) == 64
        assert row.last_used_at is None
    org.get("/api/v1/chart", token=created["token"])
    with db.read() as s:
        assert s.get(ApiToken, created["id"]).last_used_at is not None
    listed = org.ok("GET", "/api/v1/tokens")
    assert all("token" not in t for t in listed)


def test_a_member_token_holder_acts_as_that_person(org):
    person = org.person("Mia Member")
    token = org.token_for(person=person)
    root = org.root()
    org.ok("POST", f"/api/v1/seats/{root['id']}/move", {"parent_id": None})  # no-op by owner
    response = org.call("PATCH", f"/api/v1/seats/{root['id']}", {"title": "New"}, token=token)
    assert response.status_code == 403  # members do not edit the chart; owners and admins do
    response = org.get("/api/v1/events", token=token, params={"actor_id": org.owner_id})
    assert {e["actor"]["id"] for e in response.json()["items"]} == {org.owner_id}
