"""MCP tools of the agent's loop: briefing, heartbeat, get_context, read_inbox, capture_learning."""
from __future__ import annotations

import json
from typing import Annotated, Literal

from mcp.server.mcpserver import Context, MCPServer
from pydantic import Field

from otp.agentface.answers import Answer, invalid, run
from otp.agentface.briefing import briefing as build_briefing, unread_count
from otp.agentface.context import compile_context
from otp.governance.authz import require
from otp.core.types import iso
from otp.governance import guards
from otp.inbox import service as inbox
from otp.oos.learning import capture_learning as capture
from otp.oos.model import CONFIDENCE_LEVELS, STANDARD_SECTIONS

Format = Literal["agents-md", "claude-md", "json"]
SECTIONS = "OOS section: " + ", ".join(STANDARD_SECTIONS)
CONFIDENCES = "One of " + ", ".join(CONFIDENCE_LEVELS)


def register(server: MCPServer, env) -> None:
    @server.tool(description=(
        "Start every run here. Returns what needs you now: due to-dos, measurables to report this period, "
        "outcomes needing a status update, approval decisions returned to you, escalations waiting or answered, "
        "meeting prep requested, unread inbox items and SOP changes since your last heartbeat. Read-only. "
        "If you keep state between runs, pass since = the `now` of your previous briefing: then nothing that "
        "changed after you read it is skipped, even if you sent a heartbeat since."))
    def briefing(ctx: Context, since: Annotated[str | None, Field(description=(
            "ISO time; default: your last heartbeat"))] = None) -> Answer:
        actor = env.actor(ctx)

        def go(s):
            require(s, actor, "read")
            return build_briefing(s, actor, since)
        return run(env.db, go, write=False)

    @server.tool(description=(
        "Call at the end of every run (and every few minutes during long runs) to record that you are alive. "
        "Heartbeats without progress while you have open work trip the loop guard, which pauses you and "
        "escalates to your human. Agents only."))
    def heartbeat(ctx: Context, note: Annotated[str | None, Field(description="What you did this run")] = None
                  ) -> Answer:
        actor = env.actor(ctx)

        def go(s):
            out = guards.heartbeat(s, actor, note)
            return {**out, "at": iso(out["at"])}
        return run(env.db, go)

    @server.tool(description=(
        "Your compiled context: who you are (seat, purpose, responsibilities, reports-to, accountable human), "
        "what your level lets you do (may do / must ask / may never), your outcomes, measurables, to-dos, "
        "issues, escalation path, your own and inherited SOPs and the organization's rules. Fetch it once per "
        "run, or again when the briefing lists SOP changes. Same state, same bytes."))
    def get_context(ctx: Context,
                    format: Annotated[Format, Field(description="agents-md, claude-md or json")] = "agents-md",
                    agent_id: Annotated[str | None, Field(description="Another agent's id (default: you)")] = None
                    ) -> Answer:
        actor = env.actor(ctx)
        target = agent_id or (actor.id if actor.is_agent else None)
        if target is None:
            return invalid("agent_id", "people hold no agent context: name the agent_id")

        def go(s):
            require(s, actor, "read")
            text = compile_context(s, target, format, org_id=actor.org_id)
            return {"agent_id": target, "format": format,
                    **({"context": json.loads(text)} if format == "json" else {"text": text})}
        return run(env.db, go, write=False)

    @server.tool(description=(
        "Read your inbox: approval results, escalations, warnings and messages addressed to you, unread first. "
        "Pass mark_read with item ids you have handled (or mark_returned_read=true) to mark them read; "
        "read state is kept per item."))
    def read_inbox(ctx: Context,
                   unread_only: Annotated[bool, Field(description="Only unread items")] = True,
                   limit: Annotated[int, Field(ge=1, le=inbox.MAX_LIMIT, description="At most this many")] = 20,
                   mark_read: Annotated[list[str], Field(description="Item ids to mark read first")] = [],  # noqa: B006
                   mark_returned_read: Annotated[bool, Field(description="Mark the returned items read")] = False
                   ) -> Answer:
        actor = env.actor(ctx)

        def go(s):
            require(s, actor, "read")
            for item_id in mark_read:
                inbox.mark_read(s, actor, item_id)
            items = inbox.list_items(s, actor, unread=True if unread_only else None, limit=limit)
            out = [_item(i) for i in items]
            if mark_returned_read:
                for i in items:
                    inbox.mark_read(s, actor, i.id)
            return {"items": out, "unread": unread_count(s, actor)}
        return run(env.db, go, write=bool(mark_read) or mark_returned_read)

    @server.tool(description=(
        "After something went wrong (or you found a better way), record the learning: what failed, what to do "
        "instead, and why. It becomes a claim in the organization's draft operating system (OOS) for people to "
        "review; the same learning captured again raises its evidence instead of duplicating it."))
    def capture_learning(ctx: Context,
                         do_instead: Annotated[str, Field(description="The rule to follow from now on")],
                         why: Annotated[str, Field(description="Why it works")],
                         what_failed: Annotated[str | None, Field(description="What went wrong")] = None,
                         section: Annotated[str | None, Field(description=SECTIONS)] = None,
                         confidence: Annotated[str | None, Field(description=CONFIDENCES)] = None
                         ) -> Answer:
        actor = env.actor(ctx)

        def go(s):
            row = capture(s, actor, what_failed=what_failed, do_instead=do_instead, why=why, section=section,
                          confidence=confidence)
            return {"learning_id": row.id, "claim_id": row.claim_id, "section": row.section,
                    "times_seen": row.times_seen}
        return run(env.db, go)


def _item(i) -> dict:
    return {"id": i.id, "kind": i.kind, "title": i.title, "body": i.body,
            "link": {"type": i.link_type, "id": i.link_id} if i.link_type else None,
            "created_at": iso(i.created_at), "read_at": iso(i.read_at)}
