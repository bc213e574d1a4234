"""The MCP server, built per app instance or per `otp mcp` process (never at import time).

One MCPServer with the agent's working loop as tools and its context and SOPs as resources.
Who is calling comes from the transport: over HTTP the bearer token was resolved before the
request reached MCP (see mcp_http.py) and the actor rides in the ASGI scope; over stdio the
token in OTP_TOKEN is resolved again on every call, so a revoked token stops working at once.
"""
from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Callable

import anyio.to_thread
from mcp.server.mcpserver import Context, MCPServer

from otp import __version__
from otp.auth.actor import Actor
from otp.core import telemetry
from otp.core.db import Database
from otp.core.errors import Unauthorized

INSTRUCTIONS = """OTP is your organization's operating platform. You hold a seat on its accountability chart.
Start every run with `briefing` (what needs you now) and `get_context` once (who you are, what your level lets
you do, your outcomes, measurables and SOPs). Do the work, report through the tools, and end with `heartbeat`.
Every action passes governance: a tool answers status "done", "approval_required" (nothing changed; an approval
request holds it and a human decides — do not retry) or "denied" (the rule says no — do not retry; escalate if
you are blocked); a tool error has status "error" and names the argument to fix in error.field.
Use `check_permission` before anything you are unsure about. The prompts work_loop and
prepare_for_the_weekly_meeting walk through a run and the meeting prep."""

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

    async def actor_on_loop(self, ctx: Context | None) -> Actor:
        """`actor` for an `async def` tool: over HTTP the actor rides in the request (no I/O);
        otherwise (stdio) resolving it reads the database, which belongs on a worker thread."""
        if self.resolve is http_actor:
            return http_actor(ctx)
        return await anyio.to_thread.run_sync(self.resolve, ctx)


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


class Server(MCPServer):
    """OTP's MCP server: with tracing on, each tool call runs in an `execute_tool {tool}` span
    (otp.core.telemetry.tool_call) carrying the answer's status; a tool error sets error.type to
    OTP's error code (invalid, not_found, ...)."""

    async def call_tool(self, name: str, arguments: dict[str, Any], context: Context | None = None) -> Any:
        if not telemetry.ENABLED:
            return await super().call_tool(name, arguments, context)
        with telemetry.tool_call(name, _request_id(context)) as span:
            result = await super().call_tool(name, arguments, context)
            answer = getattr(result, "structured_content", None) or {}
            span.set({"otp.tool.status": answer.get("status")})
            if getattr(result, "is_error", False):
                span.fail((answer.get("error") or {}).get("code") or "tool_error")
            return result


def _request_id(context: Context | None) -> str | None:
    try:
        return context.request_id if context is not None else None
    except ValueError:  # called outside a request (a direct call, as tests do)
        return None


def build_server(db: Database, resolve: Callable[[Context | None], Actor]) -> MCPServer:
    from otp.agentface import prompts, resources, tools_governance, tools_loop, tools_meetings, tools_work
    server = Server("otp", title="OTP", version=__version__, instructions=INSTRUCTIONS, log_level="WARNING")
    env = Env(db=db, resolve=resolve)
    from otp.agentface.tasks import ApprovalTasks
    server.middleware.append(ApprovalTasks(server, env))  # MCP Tasks (2025-11-25) for request_approval
    for module in (tools_loop, tools_work, tools_meetings, tools_governance, resources, prompts):
        module.register(server, env)
    from otp.domains import submodules
    for module in submodules("mcp_tools"):  # tools of domains above this one (e.g. runs)
        module.register(server, env)
    return server
