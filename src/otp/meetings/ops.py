"""Every meeting action by name: the one list the meetings package declares.

Every runner action is governed as `meeting.run` (series edits as meeting.series and
meeting.series.delete); the action registry (otp.commands) holds one service per action class, so
`meeting_run(op=..., args=...)` is that service and dispatches to the action named `op` in OPS. A
held runner action therefore replays exactly as asked. This module sits above the actions it
names: they import otp.meetings.common, never this.
"""
from __future__ import annotations

from typing import Callable

from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.commands import command
from otp.core.errors import Invalid
from otp.meetings import actions, ending, feed, ids, runner, series, skipping
from otp.meetings.common import RUN, SERIES, SERIES_DELETE

OPS: dict[str, Callable] = {
    "start": runner.start_meeting,
    "advance": runner.advance,
    "mark": actions.mark,
    "todo.done": actions.tick_todo,
    "todo.add": actions.add_todo,
    "top": actions.choose_top,
    "headline": actions.post_headline,
    "message": actions.post_message,
    "rate": actions.rate,
    "ids": ids.ids_issue,
    "end": ending.end_meeting,
    "cancel": skipping.cancel_meeting,
    "series.create": series.create_series,
    "series.update": series.update_series,
    "series.delete": series.delete_series,
    "series.feed_rotate": feed.rotate_feed,
}


@command(RUN)
def meeting_run(session: Session, actor: Actor, *, op: str, args: dict):
    """Run the meeting action `op` with `args` (its keyword arguments)."""
    if op not in OPS:
        raise Invalid(f"unknown meeting action {op!r}", field="op")
    return OPS[op](session, actor, **args)


@command(SERIES)
def meeting_series(session: Session, actor: Actor, *, op: str, args: dict):
    """A held series.create/series.update replays here (same dispatch as meeting_run)."""
    return meeting_run(session, actor, op=op, args=args)


@command(SERIES_DELETE)
def meeting_series_delete(session: Session, actor: Actor, *, op: str, args: dict):
    return meeting_run(session, actor, op=op, args=args)
