"""MCP over streamable HTTP at /mcp/, inside the FastAPI app.

- Stateless (`stateless_http=True`): any app instance behind a balancer answers any request.
- Each POST is answered with one JSON body (`json_response=True`), not an SSE stream: stateless
  mode has no back-channel for server-to-client requests anyway, and an SSE answer is cut the
  moment the server starts shutting down (sse-starlette ends every stream on uvicorn's exit
  signal), so a tool call that already committed would lose its answer during a rolling deploy;
  a plain response is one uvicorn's graceful shutdown lets finish.
- Built per app by `start` (called from this domain's lifespan, which also runs the SDK's
  session manager: a mounted app's own lifespan never runs).
- Host names: those in Settings.allowed_hosts (OTP_ALLOWED_HOSTS) plus the local ones; the
  SDK's DNS-rebinding guard refuses any other Host header.
- Auth first: a request without a valid bearer token is refused with 401 (the REST error
  shape) before the MCP layer sees it; the 401's WWW-Authenticate names the protected-resource
  metadata (RFC 9728 §5.1), where an MCP host discovers OTP's OAuth server (otp.oauth). The
  token resolves exactly as for REST (otp.api.deps.actor_from_token_on_loop), whether made by hand or
  issued over OAuth; the actor rides in the ASGI scope to the tools.
"""
from __future__ import annotations

import json
from contextlib import asynccontextmanager

from mcp.server.transport_security import TransportSecuritySettings
from starlette.types import Receive, Scope, Send

from otp.agentface.server import SCOPE_KEY, build_server, current_actor, http_actor
from otp.api.deps import actor_from_token_on_loop
from otp.core.errors import Forbidden, OTPError, Unauthorized
from otp.oauth.urls import resource_metadata

LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]", "testserver")


def security(allowed_hosts: list[str]) -> TransportSecuritySettings:
    names = list(dict.fromkeys([*LOCAL_HOSTS, *allowed_hosts]))
    hosts = [h for name in names for h in (name, f"{name}:*")]
    origins = [o for name in names for scheme in ("http", "https") for o in (f"{scheme}://{name}",
                                                                              f"{scheme}://{name}:*")]
    return TransportSecuritySettings(enable_dns_rebinding_protection=True, allowed_hosts=hosts,
                                     allowed_origins=origins)


@asynccontextmanager
async def start(app):
    """Build this instance's MCP server and run its session manager for the app's lifetime."""
    server = build_server(app.state.db, http_actor)
    inner = server.streamable_http_app(streamable_http_path="/", stateless_http=True, json_response=True,
                                       transport_security=security(app.state.settings.allowed_hosts))
    async with server.session_manager.run():
        app.state.mcp_server, app.state.mcp_asgi = server, inner
        try:
            yield server
        finally:
            app.state.mcp_asgi = None


async def _refuse(send: Send, status: int, exc: OTPError, public_url: str = "", presented: bool = False) -> None:
    body = json.dumps({"error": exc.as_dict()}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if status == 401:
        metadata = resource_metadata(public_url)
        # RFC 6750 §3.1: error="invalid_token" only when a token was sent and refused.
        params = (['error="invalid_token"'] if presented else []) \
            + ([f'resource_metadata="{metadata}"'] if metadata else [])
        challenge = "Bearer " + ", ".join(params) if params else "Bearer"
        headers.append((b"www-authenticate", challenge.encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _bearer(scope: Scope) -> str | None:
    for key, value in scope.get("headers", []):
        if key == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            return token.strip() if scheme.lower() == "bearer" and token.strip() else None
    return None


async def endpoint(scope: Scope, receive: Receive, send: Send) -> None:
    """The ASGI app mounted at /mcp (module-level; dispatches to the calling app's own server)."""
    if scope["type"] != "http":
        return
    app = scope["app"]
    inner = getattr(app.state, "mcp_asgi", None)
    if inner is None:
        await _refuse(send, 503, OTPError("MCP is not running: the app's lifespan has not started", code="unavailable"))
        return
    public_url = app.state.settings.public_url
    token = _bearer(scope)
    if token is None:
        await _refuse(send, 401, Unauthorized("send Authorization: Bearer <token>"), public_url)
        return
    try:
        actor = await actor_from_token_on_loop(app.state.db, token)
        if "read" not in actor.scopes:
            raise Forbidden("this token lacks the read scope")
    except OTPError as exc:
        await _refuse(send, exc.status, exc, public_url, presented=True)
        return
    scope[SCOPE_KEY] = actor
    reset = current_actor.set(actor)
    try:
        await inner(scope, receive, send)
    finally:
        current_actor.reset(reset)
