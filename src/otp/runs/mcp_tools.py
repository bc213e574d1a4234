"""MCP tools for an agent within a run OTP started: report what the run costs and how it is
going. (Discovered by the MCP server as otp.<domain>.mcp_tools.register.)"""
from __future__ import annotations

from typing import Annotated

from mcp.server.mcpserver import Context, MCPServer
from pydantic import Field

from otp.agentface.answers import Answer, run
from otp.runs import service

RunId = Annotated[str | None, Field(description="The run (default: the run your token was minted for; "
                                                "OTP_RUN_ID in a command run's environment)")]


def register(server: MCPServer, env) -> None:
    @server.tool(description=(
        "Within a run OTP started: report what this run has cost so far (cents, tokens, model). It counts "
        "against the run's cost limit — past it, OTP stops the run — and against your monthly budget."))
    def report_run_cost(ctx: Context, cents: Annotated[int, Field(ge=0, le=10**9, description="Cost in cents")],
                        tokens: Annotated[int, Field(ge=0, le=10**12)] = 0,
                        model: Annotated[str, Field(max_length=120)] = "", run_id: RunId = None) -> Answer:
        actor = env.actor(ctx)
        return run(env.db, lambda s: service.report_cost(s, actor, cents=cents, tokens=tokens, model=model,
                                                         run_id=run_id))

    @server.tool(description=(
        "Within a run OTP started: say how the run is going (one line; the run's page shows the latest). "
        "Agents only."))
    def report_run_progress(ctx: Context, note: Annotated[str, Field(min_length=1, max_length=2000)],
                            run_id: RunId = None) -> Answer:
        actor = env.actor(ctx)
        return run(env.db, lambda s: service.run_dict(service.report_progress(s, actor, note=note, run_id=run_id)))
