"""Resolving API tokens to actors. One token serves REST and MCP alike. Issuing and revoking them
is governed, so it lives above this package, in otp.governance.tokens."""
from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy import and_, bindparam, select, update
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.auth.models import ApiToken
from otp.core import clock
from otp.core.errors import NotFound, Unauthorized
from otp.core.prepared import Prepared
from otp.org.models import Agent, Membership, Person

TOKEN_PREFIX = "otp_"
# Writing last_used_at on every request would turn every read into a write; once a minute is enough.
LAST_USED_RESOLUTION = timedelta(seconds=60)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_id_of(session: Session, plaintext: str) -> str | None:
    """The id of the token with this secret, live or not (None when there is none): for OAuth
    revocation (RFC 7009), where an expired access token still names what to revoke."""
    if not isinstance(plaintext, str) or not plaintext.startswith(TOKEN_PREFIX):
        return None
    return session.execute(select(ApiToken.id).where(ApiToken.token_hash == _digest(plaintext))).scalar_one_or_none()


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
