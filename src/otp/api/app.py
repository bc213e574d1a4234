"""The application factory: one ASGI app serving the web pages, REST under /api/v1 and MCP.

Built per call (never at import time) so each instance gets its own lifespan, database and
background tasks — the MCP session manager in particular runs once per app instance.
"""
from __future__ import annotations

from contextlib import AsyncExitStack, asynccontextmanager

from fastapi import FastAPI
from starlette.middleware.sessions import SessionMiddleware

import otp.all_models  # noqa: F401  every domain's tables and flush hooks (the search index) before any write
from otp import __version__
from otp.api import errors
from otp.api.openapi_doc import unique_component_names
from otp.api.operation_ids import operation_id
from otp.core import telemetry
from otp.core.config import Settings
from otp.core.db import Database
from otp.core.heap import FreezeHeapAsItSettles
from otp.web.security_headers import SecurityHeaders


def create_app(settings: Settings, db: Database | None = None) -> FastAPI:
    db = db or Database(settings.database_url, audit_key=settings.audit())
    telemetry.configure()  # traces only when OTEL_EXPORTER_OTLP_ENDPOINT is set

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # Domains with background work (the worker tick, the MCP session manager) provide
        # otp.<domain>.lifespan.lifespan(app), an async context manager entered here, per app.
        from otp.domains import submodules
        async with AsyncExitStack() as stack:
            for module in submodules("lifespan"):
                await stack.enter_async_context(module.lifespan(app))
            yield
        if app.state.owns_db:
            db.dispose()

    # FastAPI traces each request into the global provider that otp.core.telemetry sets (one
    # server span per request: its per-operation child spans are off).
    app = FastAPI(title="OTP", version=__version__, lifespan=lifespan, generate_unique_id_function=operation_id,
                  description="Operating platform for organizations of people and AI agents.",
                  telemetry={"operation_spans": False})
    app.state.db = db
    app.state.settings = settings
    app.state.owns_db = False
    app.state.freeze_heap = False
    # The signed cookie holds the CSRF token, a flash line and the random id of a server-side
    # session (otp.auth.sessions): who is signed in lives in the database, so logout,
    # password change and deactivation end a session at once. Served over https (OTP_PUBLIC_URL),
    # the cookie is Secure and every answer carries HSTS.
    https = (settings.public_url or "").startswith("https://")
    app.add_middleware(SessionMiddleware, secret_key=settings.secret_key, session_cookie="otp_session",
                       same_site="lax", https_only=https, max_age=14 * 24 * 3600)
    app.add_middleware(SecurityHeaders, hsts=https)
    app.add_middleware(FreezeHeapAsItSettles, state=app.state)
    errors.install(app)
    _include_routers(app)
    _declare_no_nul_parameters(app)
    return app


def _declare_no_nul_parameters(app: FastAPI) -> None:
    """otp.api.deps.no_unknown_query refuses a NUL in any query or path value (PostgreSQL text
    cannot hold one); the OpenAPI document says so on every string parameter that has no pattern
    of its own, so clients (and schemathesis) learn it from the schema."""
    from otp.org.schemas import NO_NUL
    build = app.openapi

    def strings(schema: dict):
        if schema.get("type") == "string":
            yield schema
        for option in schema.get("anyOf", ()):
            yield from strings(option)

    def openapi() -> dict:
        if app.openapi_schema is not None:
            return app.openapi_schema
        doc = unique_component_names(build())
        for ops in doc.get("paths", {}).values():
            for op in ops.values():
                for param in op.get("parameters", ()) if isinstance(op, dict) else ():
                    if param.get("in") in ("query", "path"):
                        for schema in strings(param.get("schema", {})):
                            if "pattern" not in schema and "enum" not in schema:
                                schema["pattern"] = NO_NUL
        return doc
    app.openapi = openapi  # type: ignore[method-assign]


def _include_routers(app: FastAPI) -> None:
    from fastapi import APIRouter

    from otp.api.health import router as health
    from otp.chart_health.api import router as chart
    from otp.domains import submodules
    from otp.org.api_seats import router as seats
    from otp.web.routes import mount as mount_web

    found = [value for module in submodules("api") for name, value in vars(module).items()
             if name.startswith("router") and isinstance(value, APIRouter)]
    # FastAPI tries routes in order, at some microseconds per included router: a router whose
    # paths no other route matches may ask to be tried first when it serves a hot path, with its
    # rank (`router.match_first = 0`, lowest first): the agent briefing (0: every agent run starts
    # there), then an agent's routine writes (1), then MCP (2). Order decides nothing else for such
    # a router: tests/api/test_a_router_tried_first_shares_no_path_with_any_other_route.py.
    first = sorted((r for r in found if getattr(r, "match_first", None) is not None), key=lambda r: r.match_first)
    for router in first:
        app.include_router(router)
    app.include_router(health)
    app.include_router(chart)  # GET /api/v1/chart, before the seats' routes as when org served it
    app.include_router(seats)
    for router in found:
        if router not in first:
            app.include_router(router)
    mount_web(app)
