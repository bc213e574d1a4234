"""The service behind OAuth: consent, authorization codes, grants, refresh and revocation.

The tokens are ordinary OTP tokens of the chosen agent, minted and rotated by otp.auth.tokens as
the person who consented: governance (token.manage for that agent) is asked at consent, again at
each code exchange and each refresh, so a person who loses the right to manage the agent stops
its connections from being renewed. Revoking the token on the agent page ends the connection too
(a refresh then finds a revoked token and is refused).

What a client does by holding a credential — revoking it, or replaying a used code or refresh
token (then everything it issued is revoked) — runs as the system actor: possession is the
authority there (RFC 7009 §2.1), and revocation must work even when the person who consented is
gone. Every change records its event in the same transaction.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from otp.auth import tokens
from otp.auth.actor import Actor, system_actor
from otp.auth.models import ApiToken
from otp.core import clock
from otp.core.errors import Conflict, Forbidden, Invalid, NotFound
from otp.core.ids import new_id
from otp.events.service import record
from otp.governance import tokens as issued
from otp.governance.authz import evaluate, require
from otp.oauth import clients
from otp.oauth.hashing import digest, mint
from otp.oauth.models import OAuthClient, OAuthCode, OAuthGrant
from otp.oauth.tickets import Pending
from otp.org.models import Agent

CODE_TTL = timedelta(minutes=5)  # RFC 6749 §4.1.2: short-lived, 10 minutes at most
ACCESS_TTL = timedelta(hours=1)
REFRESH_TTL = timedelta(days=30)  # renewed on each refresh: a connection in use stays connected
SCOPES = ("read", "write")  # OTP's token scopes an agent may hold (never admin)


@dataclass(frozen=True)
class Issued:
    access_token: str
    refresh_token: str
    expires_in: int
    scopes: list[str]


@dataclass(frozen=True)
class CodeView:
    client_id: str
    scopes: list[str]
    expires_at: datetime
    code_challenge: str
    redirect_uri: str
    redirect_uri_explicit: bool
    resource: str | None


@dataclass(frozen=True)
class GrantView:
    grant_id: str
    client_id: str
    scopes: list[str]
    expires_at: datetime
    resource: str | None


def token_scopes(requested: list[str] | None) -> list[str]:
    """OAuth scopes → the agent token's scopes: read always (MCP needs it), write when asked."""
    asked = set(requested or SCOPES)
    return ["read", "write"] if "write" in asked else ["read"]


def _token_resource(agent_id: str) -> dict:
    # The resource otp.auth.tokens asks governance about when it mints an agent's token.
    return {"type": "token", "person_id": None, "agent_id": agent_id}


def may_connect(session: Session, actor: Actor, agent: Agent) -> bool:
    """Whether `actor` may hand `agent`'s tokens to a client: governance allows token.manage for it
    outright (an `ask` is no: the client is waiting on the consent page, not on an approval)."""
    return agent.status != "retired" and actor.kind == "person" \
        and evaluate(session, actor, "token.manage", _token_resource(agent.id)).effect == "allow"


def manageable_agents(session: Session, actor: Actor) -> list[Agent]:
    require(session, actor, "read")
    rows = session.execute(select(Agent).where(Agent.org_id == actor.org_id, Agent.status != "retired")
                           .order_by(Agent.name)).scalars()
    return [agent for agent in rows if may_connect(session, actor, agent)]


def _agent(session: Session, actor: Actor, agent_id: str) -> Agent:
    agent = session.get(Agent, agent_id) if agent_id else None
    if agent is None or agent.org_id != actor.org_id:
        raise NotFound("no such agent in this organization", field="agent_id")
    if agent.status == "retired":
        raise Conflict(f"{agent.name} is retired", field="agent_id")
    if not may_connect(session, actor, agent):
        raise Forbidden(f"you may not manage {agent.name}'s tokens, so you cannot connect a client as it",
                        field="agent_id", code="governance_denied")
    return agent


def consent(session: Session, actor: Actor, pending: Pending, agent_id: str) -> str:
    """A person lets the client act as `agent_id`: a one-time code (returned, stored hashed)."""
    if actor.kind != "person":
        raise Forbidden("only a signed-in person can connect a client", field="agent_id")
    found = clients.get(session, pending.client_id)
    if found is None:
        raise Invalid("this client is not registered (any more): start again from your MCP client",
                      field="client_id")
    agent = _agent(session, actor, agent_id)
    require(session, actor, "token.manage", _token_resource(agent.id))
    code = mint()
    scopes = token_scopes(pending.scopes)
    row = OAuthCode(id=new_id("oac"), code_hash=digest(code), client_id=pending.client_id, org_id=actor.org_id,
                    person_id=actor.id, agent_id=agent.id, scopes=scopes, code_challenge=pending.code_challenge,
                    redirect_uri=pending.redirect_uri, redirect_uri_explicit=pending.redirect_uri_explicit,
                    resource=pending.resource, expires_at=clock.now() + CODE_TTL)
    session.add(row)
    session.flush()
    record(session, actor, "oauth.consented", "agent", agent.id,
           {"client_id": pending.client_id, "client_name": clients.label(found[1]), "scopes": scopes})
    return code


def load_code(session: Session, client_id: str, code: str) -> CodeView | None:
    """The code as the token endpoint checks it; None when unknown. A code presented again after
    it was redeemed revokes what it issued (RFC 6749 §4.1.2) and is refused."""
    row = session.execute(select(OAuthCode).where(OAuthCode.code_hash == digest(code))).scalar_one_or_none()
    if row is None or row.client_id != client_id:
        return None
    if row.used_at is not None:
        if row.grant_id:
            revoke(session, row.grant_id, "code_reused")
        return None
    return CodeView(client_id=row.client_id, scopes=list(row.scopes), expires_at=row.expires_at,
                    code_challenge=row.code_challenge, redirect_uri=row.redirect_uri,
                    redirect_uri_explicit=row.redirect_uri_explicit, resource=row.resource)


def exchange(session: Session, client_id: str, code: str) -> Issued | None:
    """Redeem a code (PKCE and the redirect URI were checked by the caller): the agent's token and
    a refresh token. None when the code was redeemed meanwhile (a race with a replay: what it
    issued is revoked). One atomic claim, so two redemptions never both succeed."""
    now = clock.now()
    claimed = session.execute(update(OAuthCode).where(
        OAuthCode.code_hash == digest(code), OAuthCode.client_id == client_id, OAuthCode.used_at.is_(None),
        OAuthCode.expires_at > now).values(used_at=now)).rowcount
    row = session.execute(select(OAuthCode).where(OAuthCode.code_hash == digest(code))).scalar_one_or_none()
    if not claimed:
        if row is not None and row.grant_id:
            revoke(session, row.grant_id, "code_reused")
        return None
    person = tokens.person_actor(session, row.person_id, row.org_id)  # Unauthorized when no longer a member
    agent = _agent(session, person, row.agent_id)
    client = session.get(OAuthClient, client_id)
    token, access = issued.create_token(session, person, agent_id=agent.id, scopes=list(row.scopes),
                                        name=f"MCP client: {clients.label(client)}"[:200],
                                        expires_at=now + ACCESS_TTL)
    refresh = mint()
    grant = OAuthGrant(id=new_id("oag"), org_id=row.org_id, client_id=client_id, person_id=person.id,
                       agent_id=agent.id, token_id=token.id, scopes=list(row.scopes), resource=row.resource,
                       refresh_hash=digest(refresh), refresh_expires_at=now + REFRESH_TTL)
    session.add(grant)
    session.flush()
    row.grant_id = grant.id
    record(session, person, "oauth.connected", "oauth_grant", grant.id,
           {"client_id": client_id, "client_name": clients.label(client), "agent_id": agent.id,
            "token_id": token.id, "scopes": list(row.scopes)})
    return Issued(access, refresh, int(ACCESS_TTL.total_seconds()), list(row.scopes))


def load_refresh(session: Session, client_id: str, refresh: str) -> GrantView | None:
    """The grant a refresh token belongs to, while it can still be used; None otherwise. The
    previous refresh token of a grant presented again means two parties hold it: the grant is
    revoked (OAuth 2.1 §4.3.1)."""
    grant = session.execute(select(OAuthGrant).where(OAuthGrant.refresh_hash == digest(refresh))).scalar_one_or_none()
    if grant is None:
        replayed = session.execute(select(OAuthGrant).where(
            OAuthGrant.previous_refresh_hash == digest(refresh))).scalar_one_or_none()
        if replayed is not None and replayed.client_id == client_id:
            revoke(session, replayed.id, "refresh_reused")
        return None
    if grant.client_id != client_id or not _live(session, grant):
        return None
    return GrantView(grant.id, grant.client_id, list(grant.scopes), grant.refresh_expires_at, grant.resource)


def _live(session: Session, grant: OAuthGrant) -> bool:
    if grant.revoked_at is not None or grant.refresh_expires_at <= clock.now():
        return False
    token = session.get(ApiToken, grant.token_id)
    return token is not None and token.revoked_at is None  # revoked on the agent page: the end


def refresh(session: Session, client_id: str, refresh_token: str) -> Issued:
    """Rotate both: the agent token gets a new secret (the row stays), the refresh token a new one."""
    grant = session.execute(select(OAuthGrant).where(OAuthGrant.refresh_hash == digest(refresh_token))
                            .with_for_update()).scalar_one_or_none()
    if grant is None or grant.client_id != client_id or not _live(session, grant):
        raise Invalid("refresh token is not valid (expired, revoked or already used)", field="refresh_token")
    person = tokens.person_actor(session, grant.person_id, grant.org_id)
    _agent(session, person, grant.agent_id)
    now = clock.now()
    _, access = issued.reissue_token(session, person, grant.token_id, expires_at=now + ACCESS_TTL)
    fresh = mint()
    grant.previous_refresh_hash, grant.refresh_hash = grant.refresh_hash, digest(fresh)
    grant.refresh_expires_at = now + REFRESH_TTL
    return Issued(access, fresh, int(ACCESS_TTL.total_seconds()), list(grant.scopes))


def load_access(session: Session, access_token: str) -> GrantView | None:
    """The grant behind an access token this server issued over OAuth (None for hand-made tokens)."""
    token_id = tokens.token_id_of(session, access_token)
    grant = session.execute(select(OAuthGrant).where(OAuthGrant.token_id == token_id)).scalar_one_or_none() \
        if token_id else None
    if grant is None:
        return None
    token = session.get(ApiToken, token_id)
    return GrantView(grant.id, grant.client_id, list(grant.scopes), token.expires_at or grant.refresh_expires_at,
                     grant.resource)


def revoke(session: Session, grant_id: str, reason: str) -> bool:
    """End a connection: its agent token and its refresh token stop working. False if it had ended."""
    grant = session.get(OAuthGrant, grant_id)
    if grant is None or grant.revoked_at is not None:
        return False
    system = system_actor(grant.org_id)
    grant.revoked_at = clock.now()
    issued.revoke_token(session, system, grant.token_id)
    record(session, system, "oauth.revoked", "oauth_grant", grant.id,
           {"reason": reason, "client_id": grant.client_id, "agent_id": grant.agent_id, "token_id": grant.token_id})
    return True
