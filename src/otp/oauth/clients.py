"""Dynamically registered clients (RFC 7591). Anonymous by design (an MCP host registers before
anyone signs in), so a client belongs to no organization and registering records no event: events
live in an organization's chain, and nothing of an organization changes until a person consents.

Redirect URIs are limited to what OAuth 2.1 §7.5 / RFC 8252 allow for such clients: https, http
only to a loopback host (native apps listening locally), or an app's private-use scheme."""
from __future__ import annotations

from datetime import datetime, timezone
from urllib.parse import urlsplit

from mcp.server.auth.provider import RegistrationError
from mcp.shared.auth import OAuthClientInformationFull
from sqlalchemy.orm import Session

from otp.oauth.hashing import digest
from otp.oauth.models import OAuthClient

LOOPBACK = ("127.0.0.1", "localhost", "::1")
NEVER_SCHEMES = ("javascript", "data", "file", "vbscript", "about", "blob")


def check_redirect_uri(uri: str) -> None:
    parts = urlsplit(uri)
    scheme = parts.scheme.lower()
    if parts.fragment:
        raise RegistrationError("invalid_redirect_uri", f"{uri}: a redirect URI has no fragment")
    if scheme == "https" and parts.hostname:
        return
    if scheme == "http" and parts.hostname in LOOPBACK:
        return
    if scheme not in ("http", "https", *NEVER_SCHEMES) and "." in scheme:
        return  # a private-use scheme in reverse-domain form (RFC 8252 §7.1), e.g. com.example.app
    raise RegistrationError("invalid_redirect_uri",
                            f"{uri}: use https, http on a loopback address, or a reverse-domain app scheme")


def check(info: OAuthClientInformationFull) -> None:
    """RegistrationError (the SDK answers it as RFC 7591 §3.2.2 says) for a redirect URI OAuth does
    not allow. Outside any transaction: the SDK's error is a frozen dataclass, which a context
    manager's exit cannot re-raise."""
    for uri in info.redirect_uris or []:
        check_redirect_uri(str(uri))


def register(session: Session, info: OAuthClientInformationFull) -> OAuthClient:
    """Store a client that passed `check`."""
    secret = info.client_secret
    expires = info.client_secret_expires_at
    stored = info.model_dump(mode="json", exclude={"client_secret"}, exclude_none=True)
    row = OAuthClient(id=info.client_id, secret_hash=digest(secret) if secret else None,
                      secret_expires_at=datetime.fromtimestamp(expires, tz=timezone.utc) if expires else None,
                      name=(info.client_name or "")[:200], info=stored)
    session.add(row)
    session.flush()
    return row


def get(session: Session, client_id: str) -> tuple[OAuthClientInformationFull, OAuthClient] | None:
    """The client as the SDK knows it (no secret: only its digest is kept) and its row."""
    row = session.get(OAuthClient, client_id) if client_id else None
    if row is None:
        return None
    return OAuthClientInformationFull.model_validate(row.info), row


def label(row: OAuthClient) -> str:
    return row.name or f"client {row.id[:8]}"
