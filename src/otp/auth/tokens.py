"""Issuing, revoking and resolving API tokens. One token serves REST and MCP alike."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import and_, bindparam, select, update
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.auth.models import SCOPES, ApiToken
from otp.authz import evaluate, require
from otp.core import clock
from otp.core.errors import Conflict, Forbidden, Invalid, NotFound, Unauthorized
from otp.core.ids import new_id
from otp.core.prepared import Prepared
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


def token_id_of(session: Session, plaintext: str) -> str | None:
    """The id of the token with this secret, live or not (None when there is none): for OAuth
    revocation (RFC 7009), where an expired access token still names what to revoke."""
    if not isinstance(plaintext, str) or not plaintext.startswith(TOKEN_PREFIX):
        return None
    return session.execute(select(ApiToken.id).where(ApiToken.token_hash == _digest(plaintext))).scalar_one_or_none()


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


# One statement: the token with its holder (and, for a person, the membership in the token's
# organization). Built once; a Core select of plain columns costs a fraction of loading ORM objects,
# and token lookup runs on every request.
_LOOKUP = Prepared(select(ApiToken.id, ApiToken.org_id, ApiToken.person_id, ApiToken.scopes, ApiToken.expires_at,
                  ApiToken.revoked_at, ApiToken.last_used_at, Person.id, Person.name, Membership.role, Membership.status,
                  Agent.id, Agent.name, Agent.level, Agent.status)
           .outerjoin(Person, Person.id == ApiToken.person_id)
           .outerjoin(Membership, and_(Membership.org_id == ApiToken.org_id,
                                       Membership.person_id == ApiToken.person_id))
           .outerjoin(Agent, Agent.id == ApiToken.agent_id)
           .where(ApiToken.token_hash == bindparam("digest")))


def lookup_token(session: Session, plaintext: str) -> tuple[Actor, bool]:
    """Bearer token → (Actor, last_used is stale). Expired and revoked tokens are refused.

    One indexed query (token, holder and membership joined). Read-only on purpose: the caller
    records last use in its own short write, and only when the stored `last_used_at` is older
    than LAST_USED_RESOLUTION (or unset) — so a token used again within the minute causes no
    write at all, and `last_used_at` is accurate to that resolution, not to the request."""
    if not isinstance(plaintext, str) or not plaintext.startswith(TOKEN_PREFIX):
        raise Unauthorized("missing or malformed bearer token")
    session.flush()
    rows = _LOOKUP.all(session.connection(), {"digest": _digest(plaintext)})  # token_hash is unique
    row = rows[0] if rows else None
    now = clock.now()
    if row is None:
        raise Unauthorized("unknown token")
    (token_id, org_id, person_id, scopes, expires_at, revoked_at, last_used_at,
     found_person, person_name, role, member_status, found_agent, agent_name, level, status) = row
    if revoked_at is not None:
        raise Unauthorized("token revoked")
    if expires_at is not None and expires_at <= now:
        raise Unauthorized("token expired")
    if person_id:
        if found_person is None or role is None:
            raise Unauthorized("token holder is no longer a member")
        if member_status != "active":
            raise Unauthorized("token holder is deactivated in this organization")
        actor = Actor(kind="person", id=found_person, org_id=org_id, name=person_name, role=role,
                      scopes=frozenset(scopes), token_id=token_id)
    else:
        if found_agent is None or status == "retired":
            raise Unauthorized("token holder is retired")
        actor = Actor(kind="agent", id=found_agent, org_id=org_id, name=agent_name, level=level,
                      status=status, scopes=frozenset(scopes), token_id=token_id)
    stale = last_used_at is None or now - last_used_at > LAST_USED_RESOLUTION
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
    if member.status != "active":
        raise Unauthorized("deactivated in this organization")
    return Actor(kind="person", id=person.id, org_id=org_id, name=person.name, role=member.role)


def agent_actor(session: Session, agent_id: str) -> Actor:
    agent = session.get(Agent, agent_id)
    if agent is None:
        raise NotFound("no such agent", field="agent_id")
    return Actor(kind="agent", id=agent.id, org_id=agent.org_id, name=agent.name, level=agent.level,
                 status=agent.status, scopes=frozenset({"read", "write"}))
