"""MCP resources: the calling agent's compiled context and its SOPs (otp://me/...), and any
agent's by id (otp://agents/{agent_id}/...). Reads, in a read transaction, as the caller."""
from __future__ import annotations

import json

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ResourceError, ResourceNotFoundError

from otp.agentface.context import compile_context, context_data
from otp.governance.authz import require
from otp.core.errors import NotFound, OTPError


def register(server: MCPServer, env) -> None:
    def read(ctx: Context | None, agent_id: str | None, what: str) -> str:
        try:
            actor = env.actor(ctx)
            target = agent_id or (actor.id if actor.is_agent else None)
            if target is None:
                raise NotFound("people hold no agent context; read otp://agents/{agent_id}/context",
                               field="agent_id")
            with env.db.read() as s:
                require(s, actor, "read")
                if what == "sops":
                    return json.dumps(context_data(s, target, org_id=actor.org_id)["sops"], indent=2,
                                      ensure_ascii=False) + "\n"
                return compile_context(s, target, what, org_id=actor.org_id)
        except NotFound as exc:
            raise ResourceNotFoundError(exc.message) from None
        except OTPError as exc:
            raise ResourceError(f"{exc.code}: {exc.message}") from None

    # Static resources cannot receive the request context; the actor comes from the transport
    # (the HTTP face's context variable, or stdio's token).
    @server.resource("otp://me/context", name="my-context", mime_type="text/markdown",
                     description="Your compiled context as AGENTS.md (same state, same bytes)")
    def my_context() -> str:
        return read(None, None, "agents-md")

    @server.resource("otp://me/context.json", name="my-context-json", mime_type="application/json",
                     description="Your compiled context as JSON")
    def my_context_json() -> str:
        return read(None, None, "json")

    @server.resource("otp://me/sops", name="my-sops", mime_type="application/json",
                     description="The SOPs you work by: your seat's own and those inherited from the seats above, "
                                 "each with its source seat and version")
    def my_sops() -> str:
        return read(None, None, "sops")

    @server.resource("otp://agents/{agent_id}/context", name="agent-context", mime_type="text/markdown",
                     description="An agent's compiled context as AGENTS.md")
    def agent_context(agent_id: str, ctx: Context) -> str:
        return read(ctx, agent_id, "agents-md")

    @server.resource("otp://agents/{agent_id}/sops", name="agent-sops", mime_type="application/json",
                     description="An agent's effective SOPs (own and inherited)")
    def agent_sops(agent_id: str, ctx: Context) -> str:
        return read(ctx, agent_id, "sops")
