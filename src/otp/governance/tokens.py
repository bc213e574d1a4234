"""Issuing, revoking and listing API tokens: token.manage is governed, so these services sit
above otp.auth (which only resolves tokens to actors)."""
from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.auth.models import SCOPES, ApiToken
from otp.auth.tokens import TOKEN_PREFIX, _digest
from otp.core import clock
from otp.core.errors import Conflict, Forbidden, Invalid, NotFound
from otp.core.ids import new_id
from otp.events.service import record
from otp.governance.authz import evaluate, require
from otp.org.models import Agent, Membership


def create_token(session: Session, actor: Actor, *, person_id: str | None = None, agent_id: str | None = None,
                 scopes: list[str] | None = None, name: str = "", expires_at: datetime | None = None) -> tuple[ApiToken, str]:
    """Returns (row, plaintext). The plaintext is never stored and cannot be shown again."""
    if (person_id is None) == (agent_id is None):
        raise Invalid("give exactly one of person_id or agent_id", field="person_id")
    scopes = list(dict.fromkeys(scopes or ["read", "write"]))
    for scope in scopes:
        if scope not in SCOPES:
            raise Invalid(f"unknown scope {scope!r}; use read, write or admin", field="scopes")
    if expires_at is not None and expires_at <= clock.now():
        raise Invalid("expires_at must be in the future", field="expires_at")
    if person_id is not None:
        member = session.execute(select(Membership).where(
            Membership.org_id == actor.org_id, Membership.person_id == person_id)).scalar_one_or_none()
        if member is None:
            raise NotFound("no such person in this organization", field="person_id")
        if member.status != "active":
            raise Conflict("this person is deactivated; reactivate them first", field="person_id")
    else:
        agent = session.get(Agent, agent_id)
        if agent is None or agent.org_id != actor.org_id:
            raise NotFound("no such agent in this organization", field="agent_id")
        if "admin" in scopes:
            raise Forbidden("agent tokens cannot carry the admin scope", field="scopes")
    require(session, actor, "token.manage", {"type": "token", "person_id": person_id, "agent_id": agent_id})
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(
        id=new_id("tok"), org_id=actor.org_id, person_id=person_id, agent_id=agent_id, name=name,
        token_hash=_digest(plaintext), prefix=plaintext[:10], scopes=scopes, expires_at=expires_at,
    )
    session.add(row)
    session.flush()
    record(session, actor, "token.created", "token", row.id,
           {"person_id": person_id, "agent_id": agent_id, "scopes": scopes, "name": name,
            "expires_at": expires_at})
    return row, plaintext


def revoke_token(session: Session, actor: Actor, token_id: str) -> ApiToken:
    row = session.get(ApiToken, token_id)
    if row is None or row.org_id != actor.org_id:
        raise NotFound("no such token", field="token_id")
    require(session, actor, "token.manage", {"type": "token", "id": token_id, "person_id": row.person_id,
                                             "agent_id": row.agent_id})
    if row.revoked_at is None:
        row.revoked_at = clock.now()
        record(session, actor, "token.revoked", "token", row.id, {})
    return row


def reissue_token(session: Session, actor: Actor, token_id: str, *, expires_at: datetime | None
                  ) -> tuple[ApiToken, str]:
    """A new secret for a live token, the old one stops working at once (the row, its name, holder
    and scopes stay: one row per connection on the holder's page). Used by OAuth refresh, which
    rotates the access token it issued; revoked and expired tokens are not brought back."""
    row = session.get(ApiToken, token_id)
    if row is None or row.org_id != actor.org_id:
        raise NotFound("no such token", field="token_id")
    if row.revoked_at is not None:
        raise Conflict("this token was revoked", field="token_id")
    require(session, actor, "token.manage", {"type": "token", "id": token_id, "person_id": row.person_id,
                                             "agent_id": row.agent_id})
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row.token_hash, row.prefix, row.expires_at = _digest(plaintext), plaintext[:10], expires_at
    session.flush()
    record(session, actor, "token.reissued", "token", row.id, {"expires_at": expires_at})
    return row, plaintext


def list_tokens(session: Session, actor: Actor) -> list[ApiToken]:
    return list(session.execute(
        select(ApiToken).where(ApiToken.org_id == actor.org_id).order_by(ApiToken.created_at)).scalars())


def list_person_tokens(session: Session, actor: Actor) -> list[ApiToken]:
    """People's tokens the actor may see: everyone's for those governance lets manage tokens
    (owners, admins), else only their own. Newest first."""
    require(session, actor, "read")
    q = select(ApiToken).where(ApiToken.org_id == actor.org_id, ApiToken.person_id.is_not(None))
    if actor.kind != "system" and evaluate(session, actor, "token.manage", {"type": "token"}).effect != "allow":
        q = q.where(ApiToken.person_id == actor.id)
    return list(session.execute(q.order_by(ApiToken.created_at.desc(), ApiToken.id)).scalars())
