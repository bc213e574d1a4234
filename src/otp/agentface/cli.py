"""otp context AGENT [--format ...] and otp mcp (the MCP server over stdio)."""
from __future__ import annotations

import os
from typing import Annotated

import typer

from otp.cli.common import DatabaseUrl, Json, OrgSlug, fail, open_db, pick_org, run

FormatOpt = Annotated[str, typer.Option("--format", "-f", help="agents-md, claude-md or json")]


def register(app: typer.Typer) -> None:
    app.command("context")(context)
    app.command("mcp")(mcp)


def context(agent: Annotated[str, typer.Argument(help="Agent id or name")], fmt: FormatOpt = "agents-md",
            as_json: Json = False, org: OrgSlug = None, database_url: DatabaseUrl = None) -> None:
    """Print an agent's compiled context (AGENTS.md, CLAUDE.md or JSON); same state, same bytes."""
    from otp.agentface.context import FORMATS, compile_context
    from otp.org.agents import agent_by_name
    from otp.org.models import Agent
    if fmt not in FORMATS:
        fail(f"--format must be one of: {', '.join(FORMATS)}", 2)
    db = open_db(database_url)

    def go():
        with db.read() as s:
            found = s.get(Agent, agent)
            org_id = found.org_id if found is not None else pick_org(s, org).id
            agent_id = found.id if found is not None else agent_by_name(s, org_id, agent).id
            return compile_context(s, agent_id, "json" if as_json else fmt, org_id=org_id)
    typer.echo(run(go), nl=False)


def mcp(database_url: DatabaseUrl = None) -> None:
    """Serve MCP over stdio for one agent or person: the token comes from OTP_TOKEN.

    Point an MCP client at `otp mcp` (e.g. command "otp", args ["mcp"], env OTP_TOKEN=otp_...).
    Nothing but MCP is written to stdout."""
    import anyio

    from otp.agentface.server import build_server, token_actor
    from otp.api.deps import actor_from_token
    token = os.environ.get("OTP_TOKEN", "").strip()
    if not token:
        fail("set OTP_TOKEN to an OTP API token (create one with `otp token create`)", 2)
    db = open_db(database_url)
    actor = run(lambda: actor_from_token(db, token))  # refuse a bad token before speaking MCP
    typer.echo(f"otp mcp: serving {actor.kind} {actor.name} over stdio", err=True)
    from otp.core import telemetry
    telemetry.configure()  # traces only when OTEL_EXPORTER_OTLP_ENDPOINT is set (never on stdout)
    server = build_server(db, token_actor(db, token))
    try:
        anyio.run(server.run_stdio_async)
    finally:
        db.dispose()
