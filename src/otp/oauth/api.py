"""Mounts the OAuth endpoints (otp.oauth.endpoints) on the app, outside /api/v1 and the OpenAPI
document: their shapes are the RFCs', not OTP's. The routes are built once per app instance on
first use, from that app's settings and database (nothing is built at import time)."""
from __future__ import annotations

import json

from fastapi import APIRouter
from starlette.routing import Route, Router
from starlette.types import Receive, Scope, Send

from otp.oauth import endpoints


class _Dispatch:
    """An ASGI app (a class instance, so Starlette does not wrap it as a request handler)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        state = scope["app"].state
        router = getattr(state, "oauth_router", None)
        if router is None:
            routes = endpoints.build(state.db, state.settings.secret_key, state.settings.public_url)
            router = state.oauth_router = Router(routes) if routes is not None else False
        if router is False:
            await _off(send)
            return
        await router(scope, receive, send)


async def _off(send: Send) -> None:
    body = json.dumps({"error": {"code": "not_found", "message": (
        "OAuth is off: OTP_PUBLIC_URL must be the public https URL of this server")}}).encode()
    await send({"type": "http.response.start", "status": 404,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


router_oauth = APIRouter()
_dispatch = _Dispatch()
for _path in endpoints.PATHS:
    router_oauth.routes.append(Route(_path, endpoint=_dispatch, include_in_schema=False))
