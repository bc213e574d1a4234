"""MCP face: the `search` tool, a thin call into otp.search.query (read scope, the caller's
organization), answering in the envelope every OTP tool uses."""
from __future__ import annotations

from typing import Annotated, Literal

from mcp.server.mcpserver import Context, MCPServer
from pydantic import Field

from otp.agentface.answers import Answer, run
from otp.governance.authz import require
from otp.search import query
from otp.search.documents import KINDS


def register(server: MCPServer, env) -> None:
    @server.tool(description=(
        "Find things in your organization by words: seats, people, agents, rocks and outcomes, measurables, "
        "issues, to-dos, headlines, SOPs and meetings' minutes. Each word matches the start of a word in a "
        "title or text (acq finds acquisition); all words must match; quotes and operators are plain "
        "characters. Results come grouped by kind, best first, each with its id (to pass to other tools) "
        "and its web page's url."))
    def search(ctx: Context,
               q: Annotated[str, Field(min_length=1, max_length=query.MAX_QUERY, description="The words to find")],
               kind: Annotated[Literal[tuple(KINDS)] | None,  # type: ignore[valid-type]
                               Field(description="Only this kind")] = None,
               limit: Annotated[int, Field(ge=1, le=query.MAX_LIMIT, description="At most this many per kind")]
               = query.DEFAULT_LIMIT) -> Answer:
        actor = env.actor(ctx)

        def go(s):
            require(s, actor, "read")
            return query.search(s, actor, q=q, kind=kind, limit=limit).as_dict()
        return run(env.db, go, write=False)
