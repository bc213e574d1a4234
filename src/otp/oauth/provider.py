"""The `mcp` SDK's OAuthAuthorizationServerProvider over otp.oauth.grants: the SDK's handlers
parse and check the requests (PKCE S256, redirect URI, expiry, client authentication) and call
these methods; each runs its database work on a worker thread, in one transaction."""
from __future__ import annotations

from typing import Callable, TypeVar

import anyio
from mcp.server.auth.provider import (AccessToken, AuthorizationCode, AuthorizationParams, AuthorizeError,
                                      OAuthAuthorizationServerProvider, RefreshToken, TokenError)
from mcp.shared.auth import OAuthClientInformationFull, OAuthToken
from pydantic import AnyUrl

from otp.core.db import Database
from otp.core.errors import OTPError
from otp.oauth import clients, grants, tickets
from otp.oauth.models import OAuthClient
from otp.oauth.urls import same_resource

CONSENT_PATH = "/oauth/consent/"
T = TypeVar("T")


class Code(AuthorizationCode):
    pass


class Refresh(RefreshToken):
    grant_id: str


class Access(AccessToken):
    grant_id: str


class Provider(OAuthAuthorizationServerProvider[Code, Refresh, Access]):
    def __init__(self, db: Database, secret_key: str, resource_url: str):
        self.db, self.secret_key, self.resource_url = db, secret_key, resource_url

    async def _write(self, work: Callable[..., T]) -> T:
        def run() -> T:
            with self.db.write() as s:
                return work(s)
        return await anyio.to_thread.run_sync(run)

    async def _read(self, work: Callable[..., T]) -> T:
        def run() -> T:
            with self.db.read() as s:
                return work(s)
        return await anyio.to_thread.run_sync(run)

    # --- clients ---------------------------------------------------------------------------
    async def get_client(self, client_id: str) -> OAuthClientInformationFull | None:
        found = await self._read(lambda s: clients.get(s, client_id))
        return found[0] if found else None

    async def client_row(self, client_id: str) -> tuple[OAuthClientInformationFull, OAuthClient] | None:
        return await self._read(lambda s: clients.get(s, client_id))

    async def register_client(self, client_info: OAuthClientInformationFull) -> None:
        clients.check(client_info)
        await self._write(lambda s: clients.register(s, client_info))

    # --- authorization ---------------------------------------------------------------------
    async def authorize(self, client: OAuthClientInformationFull, params: AuthorizationParams) -> str:
        """Valid requests go to the consent page, carried by a signed ticket (otp.oauth.tickets)."""
        if not same_resource(params.resource, self.resource_url):
            raise AuthorizeError("invalid_target", f"this server protects {self.resource_url} only")
        pending = tickets.Pending(client_id=client.client_id, redirect_uri=str(params.redirect_uri),
                                  redirect_uri_explicit=params.redirect_uri_provided_explicitly,
                                  code_challenge=params.code_challenge, scopes=_scopes(client, params),
                                  state=params.state, resource=params.resource)
        return CONSENT_PATH + tickets.issue(self.secret_key, pending)

    async def load_authorization_code(self, client: OAuthClientInformationFull, authorization_code: str
                                      ) -> Code | None:
        view = await self._write(lambda s: grants.load_code(s, client.client_id, authorization_code))
        if view is None:
            return None
        return Code(code=authorization_code, scopes=view.scopes, expires_at=view.expires_at.timestamp(),
                    client_id=view.client_id, code_challenge=view.code_challenge,
                    redirect_uri=AnyUrl(view.redirect_uri), redirect_uri_provided_explicitly=view.redirect_uri_explicit,
                    resource=view.resource)

    async def exchange_authorization_code(self, client: OAuthClientInformationFull, authorization_code: Code
                                          ) -> OAuthToken:
        try:
            issued = await self._write(lambda s: grants.exchange(s, client.client_id, authorization_code.code))
        except OTPError as exc:  # the consenting person may no longer manage the agent, ...
            raise TokenError("invalid_grant", exc.message) from None
        if issued is None:
            raise TokenError("invalid_grant", "authorization code is expired or was already used")
        return _token(issued)

    # --- refresh ---------------------------------------------------------------------------
    async def load_refresh_token(self, client: OAuthClientInformationFull, refresh_token: str) -> Refresh | None:
        view = await self._write(lambda s: grants.load_refresh(s, client.client_id, refresh_token))
        if view is None:
            return None
        return Refresh(token=refresh_token, client_id=view.client_id, scopes=view.scopes,
                       expires_at=int(view.expires_at.timestamp()), resource=view.resource, grant_id=view.grant_id)

    async def exchange_refresh_token(self, client: OAuthClientInformationFull, refresh_token: Refresh,
                                     scopes: list[str]) -> OAuthToken:
        try:
            issued = await self._write(lambda s: grants.refresh(s, client.client_id, refresh_token.token))
        except OTPError as exc:
            raise TokenError("invalid_grant", exc.message) from None
        return _token(issued)

    # --- access tokens and revocation ------------------------------------------------------
    async def load_access_token(self, token: str) -> Access | None:
        view = await self._read(lambda s: grants.load_access(s, token))
        if view is None:
            return None
        return Access(token=token, client_id=view.client_id, scopes=view.scopes,
                      expires_at=int(view.expires_at.timestamp()), resource=view.resource, grant_id=view.grant_id)

    async def revoke_token(self, token: Access | Refresh) -> None:
        await self._write(lambda s: grants.revoke(s, token.grant_id, "client_revoked"))


def _scopes(client: OAuthClientInformationFull, params: AuthorizationParams) -> list[str]:
    """What was asked, or — when the request names no scope — what the client registered for."""
    if params.scopes:
        return list(params.scopes)
    return client.scope.split() if client.scope else list(grants.SCOPES)


def _token(issued: grants.Issued) -> OAuthToken:
    return OAuthToken(access_token=issued.access_token, token_type="Bearer", expires_in=issued.expires_in,
                      scope=" ".join(issued.scopes), refresh_token=issued.refresh_token)
