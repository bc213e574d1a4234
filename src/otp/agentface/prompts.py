"""MCP prompts: the agent's working loop and its preparation for the weekly meeting, as a host
offers them to a person or model ("/work_loop", "/prepare_for_the_weekly_meeting").

A prompt only says how to use the tools; it changes nothing. The meeting prompt reads the
caller's briefing (as the caller, in a read transaction) so it names the meetings that ask for
prep now and what they ask for; when there is nothing to read (a person, or no prep asked) it
still says how to prepare.
"""
from __future__ import annotations

import json
from typing import Annotated

from mcp.server.mcpserver import Context, MCPServer
from pydantic import Field

from otp.agentface.briefing import briefing as build_briefing
from otp.governance.authz import require
from otp.core.errors import OTPError

WORK_LOOP = """You are working as an agent of this organization in OTP. Run one pass of your working loop:

1. Call `briefing` first. It lists what needs you now: due to-dos, measurables to report this period,
   outcomes needing a status update, approval decisions returned to you, escalations, meeting prep asked
   for, unread inbox items and SOP changes. If it lists SOP changes (or this is your first run), call
   `get_context` too: it says who you are, what your level lets you do and which SOPs you work by.
2. Act on the briefing, most urgent first, through the tools: `report_measurable`, `update_outcome`
   (with `submit_evidence` before done), `create_todo` / `complete_todo`, `raise_issue` for problems for
   the weekly meeting, `post_headline` for news, `escalate` when you are blocked and need a human now.
   Before anything outside OTP (spending, external messages, deploys, deletions) call `request_approval`;
   when unsure whether you may do something, `check_permission` first.
3. Read each answer's status: "done" (it happened), "approval_required" (nothing changed; a human decides;
   do not retry), "denied" (never do it; escalate if blocked) or "error" (fix the argument named in
   error.field and call again).
4. When something went wrong and you found the better way, `capture_learning`.
5. End with `heartbeat`, with a one-line note of what you did. Heartbeats without progress while work is
   open trip the loop guard, which pauses you and tells your human."""

MEETING = """Prepare for the weekly meeting (the review of scorecard, rocks, headlines, to-dos and issues) as
an attendee of this organization in OTP:

1. Call `briefing`: its `meeting_prep` lists each meeting that asks for your prep now, with its id and what
   it asks of your seats.
2. Gather: this period's value of every measurable you own (`measurable_id` + `value`); the status of every
   rock you own (`on_track`, or `off_track` with a one-line `reason`); one-line headlines (customer, employee
   or other); and the issues you want solved (title, optional details) — problems, not news.
3. Send it all in one `submit_meeting_prep` call with the meeting's `meeting_id`. Each item comes back done,
   held for approval, or refused; if the call is an error, fix the field it names (e.g. rocks.0.reason)
   and send again — nothing was saved.
4. Finish with `heartbeat`."""


def register(server: MCPServer, env) -> None:
    @server.prompt(name="work_loop", title="Work loop",
                   description="One pass of the agent's working loop: briefing, act through the tools, heartbeat.")
    def work_loop(goal: Annotated[str | None, Field(description="What this run should focus on")] = None) -> str:
        return WORK_LOOP + (f"\n\nFocus of this run: {goal}" if goal else "")

    @server.prompt(name="prepare_for_the_weekly_meeting", title="Prepare for the weekly meeting",
                   description="Bring your numbers, rock statuses, headlines and issues to the meetings that ask "
                               "for your prep, in one submit_meeting_prep call each.")
    def prepare_for_the_weekly_meeting(ctx: Context) -> str:
        asked = _meeting_prep(env, ctx)
        if not asked:
            return MEETING + "\n\nRight now no meeting asks for your prep; check the briefing again later."
        return MEETING + "\n\nMeetings asking for your prep now:\n" + json.dumps(asked, indent=2, ensure_ascii=False)


def _meeting_prep(env, ctx: Context) -> list:
    try:
        actor = env.actor(ctx)
        with env.db.read() as s:
            require(s, actor, "read")
            return build_briefing(s, actor, None)["meeting_prep"]
    except OTPError:
        return []  # the prompt still says how to prepare; the tools will say what is wrong
