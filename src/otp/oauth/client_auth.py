"""Client authentication at /token and /revoke. The SDK's ClientAuthenticator compares the secret
it is sent with the one get_client returns; OTP keeps only the secret's digest, so this one reads
the credential the same ways (client_secret_basic, client_secret_post, none for public clients)
and compares digests."""
from __future__ import annotations

import base64
import binascii
from urllib.parse import unquote

from mcp.server.auth.middleware.client_auth import AuthenticationError, ClientAuthenticator
from mcp.shared.auth import OAuthClientInformationFull
from starlette.requests import Request

from otp.core import clock
from otp.oauth.hashing import matches


class DigestClientAuthenticator(ClientAuthenticator):
    async def authenticate_request(self, request: Request) -> OAuthClientInformationFull:
        form = await request.form()
        client_id = form.get("client_id")
        if not client_id or not isinstance(client_id, str):
            raise AuthenticationError("Missing client_id")
        found = await self.provider.client_row(client_id)  # type: ignore[attr-defined]
        if found is None:
            raise AuthenticationError("Invalid client_id")
        client, row = found
        method = client.token_endpoint_auth_method
        if method == "none":
            return client
        if method == "client_secret_basic":
            presented = _basic_secret(request.headers.get("Authorization", ""), client_id)
        elif method == "client_secret_post":
            value = form.get("client_secret")
            presented = value if isinstance(value, str) else None
        else:
            raise AuthenticationError(f"Unsupported auth method: {method}")
        if not matches(presented, row.secret_hash):
            raise AuthenticationError("Invalid client_secret")
        if row.secret_expires_at is not None and row.secret_expires_at < clock.now():
            raise AuthenticationError("Client secret has expired")
        return client


def _basic_secret(header: str, client_id: str) -> str:
    if not header.startswith("Basic "):
        raise AuthenticationError("Missing or invalid Basic authentication in Authorization header")
    try:
        decoded = base64.b64decode(header[6:]).decode("utf-8")
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise AuthenticationError("Invalid Basic authentication header") from None
    if ":" not in decoded:
        raise AuthenticationError("Invalid Basic authentication header")
    basic_id, secret = (unquote(part) for part in decoded.split(":", 1))
    if basic_id != client_id:
        raise AuthenticationError("Client ID mismatch in Basic auth")
    return secret

