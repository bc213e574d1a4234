"""The MCP server, built per app instance or per `otp mcp` process (never at import time).

One MCPServer with the agent's working loop as tools and its context and SOPs as resources.
Who is calling comes from the transport: over HTTP the bearer token was resolved before the
request reached MCP (see mcp_http.py) and the actor rides in the ASGI scope; over stdio the
token in OTP_TOKEN is resolved again on every call, so a revoked token stops working at once.
"""
from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from typing import Callable

from mcp.server.mcpserver import Context, MCPServer

from otp import __version__
from otp.auth.actor import Actor
from otp.core.db import Database
from otp.core.errors import Unauthorized

INSTRUCTIONS = """OTP is your organization's operating platform. You hold a seat on its accountability chart.
Start every run with `briefing` (what needs you now) and `get_context` once (who you are, what your level lets
you do, your outcomes, measurables and SOPs). Do the work, report through the tools, and end with `heartbeat`.
Every action passes governance: a tool answers status "done", "approval_required" (nothing changed; an approval
request holds it and a human decides — do not retry) or "denied" (the rule says no — do not retry; escalate if
you are blocked). Use `check_permission` before anything you are unsure about."""

# The HTTP face sets this before handing the request to MCP (resources have no request context).
current_actor: ContextVar[Actor | None] = ContextVar("otp_mcp_actor", default=None)
SCOPE_KEY = "otp.actor"


@dataclass
class Env:
    """What every tool needs: the database and how to find the calling actor."""
    db: Database
    resolve: Callable[[Context | None], Actor]

    def actor(self, ctx: Context | None) -> Actor:
        return self.resolve(ctx)


def http_actor(ctx: Context | None) -> Actor:
    request = ctx.request_context.request if ctx is not None else None
    actor = request.scope.get(SCOPE_KEY) if request is not None else None
    actor = actor or current_actor.get()
    if actor is None:
        raise Unauthorized("no authenticated actor on this request")
    return actor


def token_actor(db: Database, token: str) -> Callable[[Context | None], Actor]:
    from otp.api.deps import actor_from_token

    def resolve(_ctx: Context | None) -> Actor:
        return actor_from_token(db, token)
    return resolve


def build_server(db: Database, resolve: Callable[[Context | None], Actor]) -> MCPServer:
    from otp.agentface import resources, tools_governance, tools_loop, tools_meetings, tools_work
    server = MCPServer("otp", title="OTP", version=__version__, instructions=INSTRUCTIONS, log_level="WARNING")
    env = Env(db=db, resolve=resolve)
    for module in (tools_loop, tools_work, tools_meetings, tools_governance, resources):
        module.register(server, env)
    return server
