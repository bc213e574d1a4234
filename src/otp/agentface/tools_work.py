"""MCP tools that do the work: report_measurable, update_outcome, submit_evidence, create_todo,
complete_todo, raise_issue, post_headline. Each is one service call in one transaction."""
from __future__ import annotations

from typing import Annotated, Literal

from mcp.server.mcpserver import Context, MCPServer
from pydantic import Field

from otp.agentface.answers import Answer, run_on_loop
from otp.core.errors import Invalid
from otp.core.links import LinkType
from otp.core.types import iso
from otp.governance.routing import seat_of
from otp.scorecard import entries
from otp.scorecard.measurables import by_id_or_key
from otp.work import evidence, headlines, issues, outcome_status, todos
from otp.work.views import todo_view

Status = Literal["not_started", "on_track", "off_track", "done", "dropped"]
EvidenceKind = Literal["link", "artifact", "measurable_value", "note"]
HeadlineKind = Literal["customer", "employee", "other"]


def own_seat(session, actor, given: str | None) -> str:
    """The seat named, or the one the actor acts from."""
    if given:
        return given
    seat = seat_of(session, actor.kind, actor.id)
    if seat is None:
        raise Invalid("you hold no seat on the chart; name owner_seat_id", field="owner_seat_id")
    return seat


def register(server: MCPServer, env) -> None:
    # The tools of an agent's every run: their writes run as otp.core.loop_writes runs them (on
    # SQLite on the event loop, when the write lock is free: no hop to a worker thread).
    @server.tool(description=(
        "Report this period's value of a measurable you own (the briefing lists those still missing). Give the "
        "measurable's id or key and the number; `period` (a date or time inside the period) defaults to now. "
        "Reporting again for the same period replaces the value and keeps the old one as history."))
    async def report_measurable(ctx: Context,
                                measurable: Annotated[str, Field(description="Measurable id or key")],
                                value: Annotated[float, Field(description="The number for the period")],
                                period: Annotated[str | None, Field(description="YYYY-MM-DD or ISO time in it")] = None,
                                note: Annotated[str, Field(description="Context for the number")] = "") -> Answer:
        actor = await env.actor_on_loop(ctx)

        def go(s):
            m = by_id_or_key(s, actor, measurable)
            entry = entries.report(s, actor, measurable_id=m.id, value=value, period=period, note=note)
            return {**entries.entry_dict(m, entry), "key": m.key}
        return await run_on_loop(env.db, go)

    @server.tool(description=(
        "Set the status of an outcome you own: on_track, off_track, not_started or dropped — at least weekly, and "
        "at once when it goes off track (a rock going off track raises an issue by itself). Status done asks for "
        "review and needs evidence first (submit_evidence); the reviewer, not you, accepts it."))
    async def update_outcome(ctx: Context, outcome_id: str, status: Status,
                             note: Annotated[str, Field(description="One line on why")] = "") -> Answer:
        actor = await env.actor_on_loop(ctx)

        def go(s):
            o = outcome_status.set_status(s, actor, outcome_id=outcome_id, status=status, note=note)
            return {"outcome_id": o.id, "status": o.status, "status_note": o.status_note}
        return await run_on_loop(env.db, go)

    @server.tool(description=(
        "Attach evidence that an outcome is done, before setting its status to done: a link (needs url), an "
        "artifact (reference in summary, optional url), a measurable_value (needs value) or a note."))
    async def submit_evidence(ctx: Context, outcome_id: str, kind: EvidenceKind,
                              summary: Annotated[str, Field(description="What the evidence shows")],
                              url: str | None = None, value: float | None = None) -> Answer:
        actor = await env.actor_on_loop(ctx)

        def go(s):
            e = evidence.submit_evidence(s, actor, outcome_id=outcome_id, kind=kind, summary=summary, url=url,
                                         value=value)
            return {"evidence_id": e.id, "outcome_id": e.outcome_id, "kind": e.kind}
        return await run_on_loop(env.db, go)

    @server.tool(description=(
        "Create a to-do: a concrete step due within 7 days by default. It goes on your own seat unless you name "
        "owner_seat_id (assigning to other seats may need approval)."))
    async def create_todo(ctx: Context, title: str,
                          owner_seat_id: Annotated[str | None, Field(description="Default: your seat")] = None,
                          due_at: Annotated[str | None, Field(description="ISO time; default now + 7 days")] = None
                          ) -> Answer:
        actor = await env.actor_on_loop(ctx)

        def go(s):
            t = todos.create_todo(s, actor, title=title, owner_seat_id=own_seat(s, actor, owner_seat_id),
                                  due_at=due_at)
            return todo_view(t).model_dump(mode="json")
        return await run_on_loop(env.db, go)

    @server.tool(description="Mark one of your to-dos done as soon as it is done (completing twice changes nothing).")
    async def complete_todo(ctx: Context, todo_id: str) -> Answer:
        actor = await env.actor_on_loop(ctx)

        def go(s):
            return todo_view(todos.complete_todo(s, actor, todo_id=todo_id)).model_dump(mode="json")
        return await run_on_loop(env.db, go)

    @server.tool(description=(
        "Raise an issue: a problem, obstacle or idea for the weekly IDS list (identify, discuss, solve) — "
        "when something blocks an outcome or a number is off and you cannot fix it alone. For an urgent "
        "question to a human use escalate instead. Lands on your seat's list unless you name owner_seat_id."))
    async def raise_issue(ctx: Context, title: str, details: str = "",
                          owner_seat_id: Annotated[str | None, Field(description="Default: your seat")] = None,
                          priority: Annotated[int | None, Field(ge=1, description="Rank, 1 = top")] = None,
                          linked_type: Annotated[LinkType | None, Field(
                              description="What the issue is about (with linked_id)")] = None,
                          linked_id: Annotated[str | None, Field(
                              description="Its id, in your organization")] = None) -> Answer:
        actor = await env.actor_on_loop(ctx)

        def go(s):
            issue, created = issues.raise_issue(
                s, actor, title=title, details=details, owner_seat_id=own_seat(s, actor, owner_seat_id),
                source="agent" if actor.is_agent else "manual", linked_type=linked_type, linked_id=linked_id,
                priority=priority)
            return {"issue_id": issue.id, "created": created, "title": issue.title, "state": issue.state,
                    "priority": issue.priority, "owner_seat_id": issue.owner_seat_id}
        return await run_on_loop(env.db, go)

    @server.tool(description=(
        "Post a headline: one line of good or bad news for the weekly meeting (customer, employee or other). "
        "Not for problems that need solving — raise an issue for those."))
    async def post_headline(ctx: Context, text: str, kind: HeadlineKind = "other",
                            meeting_id: Annotated[str | None, Field(description=(
                                "A meeting of your organization to show it in (its id, as in your briefing's meeting "
                                "prep); default: the general list"))] = None) -> Answer:
        actor = await env.actor_on_loop(ctx)

        def go(s):
            h = headlines.post_headline(s, actor, kind=kind, text=text, meeting_id=meeting_id)
            return {"headline_id": h.id, "kind": h.kind, "text": h.text, "created_at": iso(h.created_at)}
        return await run_on_loop(env.db, go)
