"""/settings/tokens: everyone creates (shown once), lists and revokes their own API tokens;
owners and admins see and revoke everyone's; a member cannot touch another's token."""
from __future__ import annotations

import re

from sqlalchemy import select

from otp.auth.models import ApiToken
from tests.web.kit import web


def _create(k, name: str = "Laptop CLI", **extra):
    response = k.post("/settings/tokens", {"name": name, "write": "1", "expires": "30", **extra})
    match = re.search(r'id="secret-text">(otp_[^<]+)<', response.text)
    return response, match.group(1) if match else None


def _tokens(k, person_email: str) -> list[ApiToken]:
    with k.db.read() as s:
        from otp.org.models import Person
        person = s.execute(select(Person.id).where(Person.email == person_email)).scalar_one()
        return list(s.execute(select(ApiToken).where(ApiToken.person_id == person)).scalars())


def test_a_member_creates_a_token_shown_once_that_works_over_the_api(demo_db):
    with web(demo_db) as k:
        k.login("priya@example.com")
        response, token = _create(k)
        assert response.status_code == 201 and token
        [row] = _tokens(k, "priya@example.com")
        assert row.scopes == ["read", "write"] and row.expires_at is not None
        assert token not in k.get("/settings/tokens").text and row.prefix in k.get("/settings/tokens").text
        me = k.client.get("/api/v1/todos", headers={"Authorization": f"Bearer {token}"})
        assert me.status_code == 200


def test_a_member_sees_only_their_own_tokens_and_is_not_offered_the_admin_scope(demo_db):
    with web(demo_db) as k:
        _create(k, name="Owner's deploy key")
        k.login("priya@example.com")
        page = k.get("/settings/tokens").text
        assert "Owner&#39;s deploy key" not in page and "Everyone else" not in page and "administer" not in page


def test_a_member_revokes_their_own_token_but_not_anothers(demo_db):
    with web(demo_db) as k:
        _create(k, name="Owner's key")
        [owners] = _tokens(k, "owner@example.com")
        k.login("priya@example.com")
        _create(k)
        [mine] = _tokens(k, "priya@example.com")
        assert k.post(f"/settings/tokens/{mine.id}/revoke").status_code == 303
        assert _tokens(k, "priya@example.com")[0].revoked_at is not None
        assert k.post(f"/settings/tokens/{owners.id}/revoke").status_code == 403
        assert _tokens(k, "owner@example.com")[0].revoked_at is None
        assert k.events("token.revoked") == 1


def test_the_owner_sees_and_revokes_everyones_tokens(demo_db):
    with web(demo_db) as k:
        k.login("priya@example.com")
        _create(k, name="Priya's laptop")
        k.login("owner@example.com")
        page = k.get("/settings/tokens").text
        assert "Everyone else's tokens" in page and "Priya&#39;s laptop" in page and "Priya Raman" in page
        [row] = _tokens(k, "priya@example.com")
        assert k.post(f"/settings/tokens/{row.id}/revoke").status_code == 303
        assert _tokens(k, "priya@example.com")[0].revoked_at is not None


def test_a_bad_expiry_is_refused_and_nothing_is_created(demo_db):
    with web(demo_db) as k:
        response, token = _create(k, expires="forever")
        assert response.status_code == 422 and token is None and _tokens(k, "owner@example.com") == []
