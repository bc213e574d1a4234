"""REST face: the compiled context of an agent and the caller's briefing; and the MCP mount.

GET /api/v1/agents/{agent_id}/context?format=agents-md|claude-md|json
GET /api/v1/me/briefing
/mcp/  streamable HTTP MCP (see mcp_http; mounted here so create_app needs no change)
"""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials
from starlette.routing import Mount

from otp.agentface import mcp_http
from otp.agentface.briefing import briefing
from otp.agentface.context import compile_context
from otp.agentface.schemas import BriefingOut
from otp.api.deps import ActorDep, DbDep, bearer, no_unknown_query, read_as_actor, refuse_unknown_query
from otp.api.errors import READ, READ_ONE, responses
from otp.governance.authz import require

router = APIRouter(prefix="/api/v1", dependencies=[Depends(no_unknown_query)])

_MEDIA = {"agents-md": "text/markdown; charset=utf-8", "claude-md": "text/markdown; charset=utf-8",
          "json": "application/json"}
_CONTEXT_CONTENT = {200: {"description": "The compiled context", "content": {
    "text/markdown": {"schema": {"type": "string"}}, "application/json": {"schema": {"type": "object"}}}}}


@router.get("/agents/{agent_id}/context", tags=["agents"], response_class=Response,
            responses={**responses(*READ_ONE), **_CONTEXT_CONTENT})
def agent_context(agent_id: str, actor: ActorDep, db: DbDep,
                  format: Literal["agents-md", "claude-md", "json"] = Query(  # noqa: A002 - the public name
                      "agents-md", description="agents-md (AGENTS.md), claude-md (CLAUDE.md) or json")) -> Response:
    """The agent's compiled context: who it is, what its level means here, what it owns, how it
    escalates, its own and inherited SOPs and the organization's rules. Same state, same bytes."""
    with db.read() as s:
        require(s, actor, "read")
        text = compile_context(s, agent_id, format, org_id=actor.org_id)
    return Response(text, media_type=_MEDIA[format])


# The briefing is what every agent run starts with (bench/bench_briefing.py). FastAPI runs each
# sync dependency and a sync endpoint on a worker thread of its own; here the same checks the
# other routes use as dependencies (no_unknown_query, current_actor) run in the endpoint, and the
# actor is resolved inside the briefing's own read transaction (deps.read_as_actor), which on
# SQLite needs no worker thread at all.
router_briefing = APIRouter(prefix="/api/v1")
router_briefing.match_first = 0  # tried before all others; no other route matches its path (otp.api.app)


@router_briefing.get("/me/briefing", tags=["agents"], response_model=None,
                     responses={**responses(*READ), 200: {"model": BriefingOut, "description": "What needs you now"}})
async def my_briefing(request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
                      since: Annotated[str | None, Query(description=(
                          "Count decisions, answers and SOP changes after this time instead of your last "
                          "heartbeat: pass the `now` of your previous briefing to never skip a change"))] = None
                      ) -> JSONResponse:
    """What needs you now: due to-dos, measurables to report this period, outcomes needing a status,
    approval decisions returned, escalations waiting, meeting prep, unread inbox items and SOP changes
    since your last heartbeat (people, and agents that never sent one: the last 7 days), or `since`."""
    refuse_unknown_query(request)

    def read(actor, s) -> JSONResponse:
        require(s, actor, "read")
        return JSONResponse(briefing(s, actor, since))
    return await read_as_actor(request, credentials, read)


# A route list of its own, without the /api/v1 prefix; discovered like every router*. Tried right
# after the agents' routine REST writes (otp.api.app): every MCP call of every agent comes here, and
# matching it after all the other routes cost more than its JSON-RPC dispatch.
router_mcp = APIRouter()
router_mcp.routes.append(Mount("/mcp", app=mcp_http.endpoint, name="mcp"))
router_mcp.match_first = 2
