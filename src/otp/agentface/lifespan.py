"""Per app instance: the MCP server and its streamable-HTTP session manager (see mcp_http)."""
from __future__ import annotations

from contextlib import asynccontextmanager

from otp.agentface import mcp_http


@asynccontextmanager
async def lifespan(app):
    async with mcp_http.start(app):
        yield
