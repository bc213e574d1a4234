"""MCP tool for the weekly meeting: submit_meeting_prep.

A thin call into otp.meetings.prep.submit_prep (governed as meeting.prep, recorded as
meeting.prep_submitted), in one transaction. The input schema is the REST one
(otp.meetings.schemas.PrepIn's items), so both faces refuse the same things up front: numbers are
finite, a rock is on_track or off_track and off_track needs a one-line reason, headlines have a
kind, issues a title. What only the service can check (the ids exist, the outcome is a rock, the
actor holds an attendee seat, the meeting is still scheduled) comes back as a tool error naming
the field, e.g. `rocks.0.outcome_id`. Nothing changes unless every item passes.
"""
from __future__ import annotations

from typing import Annotated, Union

from mcp.server.mcpserver import Context, MCPServer
from pydantic import Field

from otp.agentface.answers import Answer, run
from otp.meetings.prep import MAX_ITEMS, submit_prep
from otp.meetings.schemas import HeadlinePrep, IssuePrep, MeasurablePrep, RockOff, RockOn
from otp.org.schemas import Id

Rock = Annotated[Union[RockOff, RockOn], Field(discriminator="status")]


def _items(item, description: str):
    return Annotated[list[item], Field(max_length=MAX_ITEMS, description=description)]


def register(server: MCPServer, env) -> None:
    @server.tool(description=(
        "Bring your prep to a scheduled meeting (the weekly review) when your briefing lists it under "
        "meeting_prep — before the meeting starts. Give the meeting_id from the briefing and at least one of: "
        "measurables (this period's number for measurables you own: measurable_id + value), rocks (status of "
        "each rock you own: on_track, or off_track with a one-line reason), headlines (one line of news: "
        "kind customer, employee or other + text) and issues (problems for the IDS list: title, optional "
        "details). It counts for every attendee seat you hold; submitting again adds to what you brought. "
        "Each item goes through its own rule and comes back as done, held (an approval request decides it) "
        "or refused. Nothing changes if any item is malformed: the error names the field to fix."))
    def submit_meeting_prep(
            ctx: Context,
            meeting_id: Annotated[Id, Field(description="The meeting, as listed in your briefing's meeting_prep")],
            measurables: _items(MeasurablePrep, "Numbers for this period: {measurable_id, value}") = [],  # noqa: B006
            rocks: _items(Rock, "Rock statuses: {outcome_id, status: on_track} or "
                                "{outcome_id, status: off_track, reason: one line}") = [],  # noqa: B006
            headlines: _items(HeadlinePrep, "News: {kind: customer|employee|other, text}") = [],  # noqa: B006
            issues: _items(IssuePrep, "Proposed issues: {title, details?}") = [],  # noqa: B006
    ) -> Answer:
        actor = env.actor(ctx)

        def go(s):
            return submit_prep(s, actor, meeting_id=meeting_id,
                               measurables=[m.model_dump() for m in measurables],
                               rocks=[r.model_dump() for r in rocks],
                               headlines=[h.model_dump() for h in headlines],
                               issues=[i.model_dump() for i in issues])
        return run(env.db, go)
