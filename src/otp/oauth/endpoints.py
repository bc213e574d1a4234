"""The OAuth endpoints, built from the `mcp` SDK's handlers for one app instance:

  /.well-known/oauth-protected-resource/mcp  RFC 9728 metadata of the MCP endpoint
  /.well-known/oauth-authorization-server    RFC 8414 metadata (issuer = OTP_PUBLIC_URL)
  /authorize  /token  /register  /revoke      code + PKCE (S256), refresh, RFC 7591, RFC 7009

The SDK's create_auth_routes is not used as is because it authenticates clients by comparing
plaintext secrets, and OTP stores only their digests (otp.oauth.client_auth); the handlers,
metadata builder and body limit are the SDK's own, wrapped as create_auth_routes wraps them
(CORS outermost for what browser-based clients call; never for /authorize, which is navigated to).
"""
from __future__ import annotations

import json

from mcp.server.auth.handlers.authorize import AuthorizationHandler
from mcp.server.auth.handlers.metadata import MetadataHandler, ProtectedResourceMetadataHandler
from mcp.server.auth.handlers.register import RegistrationHandler
from mcp.server.auth.handlers.revoke import RevocationHandler
from mcp.server.auth.handlers.token import TokenHandler
from mcp.server.auth.routes import AUTHORIZATION_PATH, REGISTRATION_PATH, REVOCATION_PATH, TOKEN_PATH, build_metadata
from mcp.server.auth.settings import ClientRegistrationOptions, RevocationOptions
from mcp.server.transport_security import DEFAULT_MAX_REQUEST_BODY_SIZE, RequestBodyLimitMiddleware
from mcp.shared.auth import ProtectedResourceMetadata
from mcp.shared.inbound import MCP_PROTOCOL_VERSION_HEADER
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, request_response

from otp.oauth import grants, urls
from otp.oauth.client_auth import DigestClientAuthenticator
from otp.oauth.provider import Provider

AS_METADATA_PATH = "/.well-known/oauth-authorization-server"
PATHS = (AS_METADATA_PATH, urls.PRM_PATH, urls.PRM_PATH + "/", AUTHORIZATION_PATH, TOKEN_PATH, REGISTRATION_PATH,
         REVOCATION_PATH)


def build(db, secret_key: str, public_url: str) -> list[Route] | None:
    """The routes, or None when OTP_PUBLIC_URL cannot be an issuer (then OAuth is off)."""
    issuer = urls.issuer(public_url)
    if issuer is None:
        return None
    resource = urls.resource(public_url)
    provider = Provider(db, secret_key, resource)
    authenticator = DigestClientAuthenticator(provider)
    scopes = list(grants.SCOPES)
    registration = ClientRegistrationOptions(enabled=True, valid_scopes=scopes, default_scopes=scopes)
    metadata = build_metadata(issuer, None, registration, RevocationOptions(enabled=True))
    metadata.authorization_response_iss_parameter_supported = True  # the consent page sends iss (RFC 9207)
    # Public clients (desktop hosts that cannot keep a secret) register with "none"; PKCE protects them.
    metadata.token_endpoint_auth_methods_supported = ["client_secret_post", "client_secret_basic", "none"]
    resource_metadata = ProtectedResourceMetadata(resource=resource, authorization_servers=[issuer],
                                                  scopes_supported=scopes, resource_name="OTP")
    prm = _endpoint(ProtectedResourceMetadataHandler(resource_metadata).handle, ["GET", "OPTIONS"], limit=False)
    return [
        Route(AS_METADATA_PATH, endpoint=_endpoint(MetadataHandler(metadata).handle, ["GET", "OPTIONS"], limit=False),
              methods=["GET", "OPTIONS"]),
        # The path form of the resource's URL with and without its trailing slash (clients built
        # the well-known URL from /mcp/ or /mcp); WWW-Authenticate names the first.
        Route(urls.PRM_PATH, endpoint=prm, methods=["GET", "OPTIONS"]),
        Route(urls.PRM_PATH + "/", endpoint=prm, methods=["GET", "OPTIONS"]),
        Route(AUTHORIZATION_PATH, endpoint=_endpoint(AuthorizationHandler(provider).handle, None),
              methods=["GET", "POST"]),
        Route(TOKEN_PATH, endpoint=_endpoint(_redirect_mismatch_is_invalid_grant(TokenHandler(provider, authenticator).handle), ["POST", "OPTIONS"]),
              methods=["POST", "OPTIONS"]),
        Route(REGISTRATION_PATH, endpoint=_endpoint(RegistrationHandler(provider, options=registration).handle,
                                                    ["POST", "OPTIONS"]), methods=["POST", "OPTIONS"]),
        Route(REVOCATION_PATH, endpoint=_endpoint(RevocationHandler(provider, authenticator).handle,
                                                  ["POST", "OPTIONS"]), methods=["POST", "OPTIONS"]),
    ]


def _redirect_mismatch_is_invalid_grant(handle):
    """RFC 6749 5.2: a code redeemed with another redirect_uri than the one it was issued for is
    `invalid_grant`. The SDK's TokenHandler (mcp 2.3) answers `invalid_request` there; clients
    that branch on the error code (restart the flow on invalid_grant) need the RFC's answer.
    Nothing is issued either way; only the error code is corrected."""
    async def token(request: Request) -> Response:
        response = await handle(request)
        if response.status_code != 400:
            return response
        body = json.loads(response.body)
        if body.get("error") != "invalid_request" or "redirect_uri did not match" not in str(
                body.get("error_description")):
            return response
        body["error"] = "invalid_grant"
        return JSONResponse(body, status_code=400, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})
    return token


def _endpoint(handler, cors_methods: list[str] | None, limit: bool = True):
    app = request_response(handler)
    if limit:
        app = RequestBodyLimitMiddleware(app, DEFAULT_MAX_REQUEST_BODY_SIZE)
    if cors_methods is None:
        return app
    return CORSMiddleware(app=app, allow_origins="*", allow_methods=cors_methods,
                          allow_headers=[MCP_PROTOCOL_VERSION_HEADER])
