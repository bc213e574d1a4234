"""Issuing, revoking and resolving API tokens. One token serves REST and MCP alike."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.auth.models import SCOPES, ApiToken
from otp.authz import require
from otp.core import clock
from otp.core.errors import Forbidden, Invalid, NotFound, Unauthorized
from otp.core.ids import new_id
from otp.events.service import record
from otp.org.models import Agent, Membership, Person

TOKEN_PREFIX = "otp_"
# Writing last_used_at on every request would turn every read into a write; once a minute is enough.
LAST_USED_RESOLUTION = timedelta(seconds=60)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


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
    require(session, actor, "token.manage", {"type": "token", "id": token_id})
    if row.revoked_at is None:
        row.revoked_at = clock.now()
        record(session, actor, "token.revoked", "token", row.id, {})
    return row


def list_tokens(session: Session, actor: Actor) -> list[ApiToken]:
    return list(session.execute(
        select(ApiToken).where(ApiToken.org_id == actor.org_id).order_by(ApiToken.created_at)).scalars())


def lookup_token(session: Session, plaintext: str) -> tuple[Actor, bool]:
    """Bearer token → (Actor, last_used is stale). Expired and revoked tokens are refused.

    Read-only on purpose: the caller records last use in its own short write, at most once a
    minute per token, so that every read request does not become a write."""
    if not isinstance(plaintext, str) or not plaintext.startswith(TOKEN_PREFIX):
        raise Unauthorized("missing or malformed bearer token")
    row = session.execute(select(ApiToken).where(ApiToken.token_hash == _digest(plaintext))).scalar_one_or_none()
    now = clock.now()
    if row is None:
        raise Unauthorized("unknown token")
    if row.revoked_at is not None:
        raise Unauthorized("token revoked")
    if row.expires_at is not None and row.expires_at <= now:
        raise Unauthorized("token expired")
    if row.person_id:
        person = session.get(Person, row.person_id)
        member = session.execute(select(Membership).where(
            Membership.org_id == row.org_id, Membership.person_id == row.person_id)).scalar_one_or_none()
        if person is None or member is None:
            raise Unauthorized("token holder is no longer a member")
        actor = Actor(kind="person", id=person.id, org_id=row.org_id, name=person.name, role=member.role,
                      scopes=frozenset(row.scopes), token_id=row.id)
    else:
        agent = session.get(Agent, row.agent_id)
        if agent is None or agent.status == "retired":
            raise Unauthorized("token holder is retired")
        actor = Actor(kind="agent", id=agent.id, org_id=row.org_id, name=agent.name, level=agent.level,
                      status=agent.status, scopes=frozenset(row.scopes), token_id=row.id)
    stale = row.last_used_at is None or now - row.last_used_at > LAST_USED_RESOLUTION
    return actor, stale


def resolve_token(session: Session, plaintext: str) -> Actor:
    return lookup_token(session, plaintext)[0]


def touch_last_used(session: Session, token_id: str) -> None:
    session.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=clock.now()))


def person_actor(session: Session, person_id: str, org_id: str) -> Actor:
    """The actor for a logged-in person in one organization (web sessions)."""
    person = session.get(Person, person_id)
    member = session.execute(select(Membership).where(
        Membership.org_id == org_id, Membership.person_id == person_id)).scalar_one_or_none()
    if person is None or member is None:
        raise Unauthorized("not a member of this organization")
    return Actor(kind="person", id=person.id, org_id=org_id, name=person.name, role=member.role)


def agent_actor(session: Session, agent_id: str) -> Actor:
    agent = session.get(Agent, agent_id)
    if agent is None:
        raise NotFound("no such agent", field="agent_id")
    return Actor(kind="agent", id=agent.id, org_id=agent.org_id, name=agent.name, level=agent.level,
                 status=agent.status, scopes=frozenset({"read", "write"}))
