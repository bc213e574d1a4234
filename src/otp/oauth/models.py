"""OAuth rows. Every secret is stored as its SHA-256 only (client secrets, codes and refresh
tokens carry 256 random bits, so a fast hash is as safe here as for API tokens): a copy of the
database cannot be used to act as a client or redeem a code.

- OAuthClient: a dynamically registered client (RFC 7591). Registration is anonymous, so a client
  belongs to no organization; the organization comes from the person who consents.
- OAuthCode: one consent, redeemable once, for minutes (RFC 6749 §4.1.2, §10.5).
- OAuthGrant: the connection a consent produced: the agent's API token it holds (the access
  token, rotated in place on each refresh so the agent page lists one token per connection) and
  the current refresh token (rotated on each use; the previous one is remembered so a replayed
  refresh token revokes the whole grant, as OAuth 2.1 §4.3.1 asks for public clients)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from otp.core import clock
from otp.core.db import Base
from otp.core.types import UTCDateTime


class OAuthClient(Base):
    __tablename__ = "oauth_clients"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # the client_id
    secret_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)  # None: a public client
    secret_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    # The registered metadata as the client sent it (without the secret): echoed by get_client.
    info: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class OAuthCode(Base):
    __tablename__ = "oauth_codes"
    __table_args__ = (Index("ix_oauth_codes_expires_at", "expires_at"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    client_id: Mapped[str] = mapped_column(ForeignKey("oauth_clients.id", ondelete="CASCADE"), index=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    agent_id: Mapped[str] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"))
    scopes: Mapped[list] = mapped_column(JSON, default=list)
    code_challenge: Mapped[str] = mapped_column(String(128))
    redirect_uri: Mapped[str] = mapped_column(Text)
    redirect_uri_explicit: Mapped[bool] = mapped_column(Boolean, default=True)
    resource: Mapped[str | None] = mapped_column(Text, nullable=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # What redeeming it issued: revoked if the code is presented again (RFC 6749 §4.1.2).
    grant_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class OAuthGrant(Base):
    __tablename__ = "oauth_grants"
    __table_args__ = (Index("ix_oauth_grants_refresh_expires_at", "refresh_expires_at"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[str] = mapped_column(ForeignKey("oauth_clients.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))  # who consented
    agent_id: Mapped[str] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"))
    token_id: Mapped[str] = mapped_column(ForeignKey("api_tokens.id", ondelete="CASCADE"), unique=True)
    scopes: Mapped[list] = mapped_column(JSON, default=list)
    resource: Mapped[str | None] = mapped_column(Text, nullable=True)
    refresh_hash: Mapped[str] = mapped_column(String(64), unique=True)
    previous_refresh_hash: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    refresh_expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
