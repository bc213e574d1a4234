"""REST face for meetings: series (with an iCalendar feed), instances, prep, the runner, minutes."""
from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query, Response

from otp.api.deps import ActorDep, DbDep, no_unknown_query
from otp.api.errors import responses
from otp.governance.authz import require
from otp.meetings import actions, ending, feed, ids, prep, read, runner, series, skipping
from otp.meetings.common import get_meeting, get_series
from otp.meetings.models import STATES
from otp.meetings.schemas import (READS, WRITES, AdvanceIn, CancelIn, HeadlineIn, IdsIn, IdsSolve, MarkIn, MeetingOut,
                                  MessageIn, MinutesOut, PrepIn, PrepOut, RateIn, SeriesCreate, SeriesOut,
                                  SeriesUpdate, TodoIn, TopIn, plain)

router = APIRouter(prefix="/api/v1", tags=["meetings"], dependencies=[Depends(no_unknown_query)])
StateQ = Literal[STATES]  # type: ignore[valid-type]
ICS = {200: {"content": {"text/calendar": {"schema": {"type": "string"}}}, "description": "RFC 5545 calendar"},
       **READS}


def _series_out(s, row) -> SeriesOut:
    pending = series.scheduled_of(s, row.id)
    return SeriesOut(**read.series_view(row), next_meeting_id=pending.id if pending else None,
                     next_at=pending.scheduled_at if pending else None, calendar_feed=feed.feed_path(row))


def _meeting(s, actor, meeting_id: str) -> MeetingOut:
    return MeetingOut(**read.meeting_view(s, get_meeting(s, actor, meeting_id)))


# --- series (declared before /meetings/{meeting_id}, which would match "series") ---------------
@router.get("/meetings/series", responses=READS)
def list_series(actor: ActorDep, db: DbDep) -> list[SeriesOut]:
    with db.read() as s:
        require(s, actor, "read")
        return [_series_out(s, row) for row in series.list_series(s, actor)]


@router.post("/meetings/series", status_code=201, responses=WRITES)
def create_series(body: SeriesCreate, actor: ActorDep, db: DbDep) -> SeriesOut:
    """A weekly meeting; its first instance is scheduled at once."""
    with db.write() as s:
        return _series_out(s, series.create_series(s, actor, **plain(body)))


@router.get("/meetings/series/{series_id}", responses=READS)
def get_series_route(series_id: str, actor: ActorDep, db: DbDep) -> SeriesOut:
    with db.read() as s:
        require(s, actor, "read")
        return _series_out(s, get_series(s, actor, series_id))


@router.patch("/meetings/series/{series_id}", responses=WRITES)
def update_series(series_id: str, body: SeriesUpdate, actor: ActorDep, db: DbDep) -> SeriesOut:
    with db.write() as s:
        changes = {k: plain(getattr(body, k)) for k in body.model_fields_set}
        return _series_out(s, series.update_series(s, actor, series_id=series_id, changes=changes))


@router.delete("/meetings/series/{series_id}", status_code=204, responses=WRITES)
def delete_series(series_id: str, actor: ActorDep, db: DbDep) -> None:
    """Stops the series; its past meetings and minutes stay, its scheduled meeting is cancelled."""
    with db.write() as s:
        series.delete_series(s, actor, series_id=series_id)


def _calendar(s, row) -> Response:
    return Response(feed.calendar_of(s, row), media_type="text/calendar; charset=utf-8")


@router.get("/meetings/series/{series_id}/calendar.ics", response_class=Response, responses=ICS)
def calendar(series_id: str, actor: ActorDep, db: DbDep) -> Response:
    """The series as an iCalendar feed (weekly RRULE in the series' timezone, the agenda as description)."""
    with db.read() as s:
        require(s, actor, "read")
        return _calendar(s, get_series(s, actor, series_id))


@router.post("/meetings/series/{series_id}/feed/rotate", responses=WRITES)
def rotate_feed(series_id: str, actor: ActorDep, db: DbDep) -> SeriesOut:
    """A new secret calendar feed URL (`calendar_feed`, served without sign-in for calendar apps);
    the old one stops working at once."""
    with db.write() as s:
        return _series_out(s, feed.rotate_feed(s, actor, series_id=series_id))


# --- instances ----------------------------------------------------------------------------------
@router.get("/meetings", responses=READS)
def list_meetings(actor: ActorDep, db: DbDep, series_id: str | None = Query(None, max_length=40),
                  state: StateQ | None = Query(None),
                  limit: int = Query(50, ge=1, le=read.MAX_PAGE)) -> list[MeetingOut]:
    """Meetings, newest scheduled time first (without snapshots: GET one for those)."""
    with db.read() as s:
        require(s, actor, "read")
        rows = read.list_meetings(s, actor, series_id=series_id, state=state, limit=limit)
        return [MeetingOut(**read.meeting_view(s, m, full=False)) for m in rows]


@router.get("/meetings/{meeting_id}", responses=READS)
def get_meeting_route(meeting_id: str, actor: ActorDep, db: DbDep) -> MeetingOut:
    with db.read() as s:
        require(s, actor, "read")
        return _meeting(s, actor, meeting_id)


@router.post("/meetings/{meeting_id}/prep", responses=WRITES)
def submit_prep(meeting_id: str, body: PrepIn, actor: ActorDep, db: DbDep) -> PrepOut:
    """Your numbers, rock statuses (a one-line reason when off track), headlines and proposed
    issues, for every attendee seat you hold. Each item says done, held (for approval) or refused."""
    with db.write() as s:
        return PrepOut(**prep.submit_prep(s, actor, meeting_id=meeting_id, **plain(body)))


def _act(db, actor, meeting_id: str, fn, **kwargs) -> MeetingOut:
    with db.write() as s:
        fn(s, actor, meeting_id=meeting_id, **kwargs)
        return _meeting(s, actor, meeting_id)


@router.post("/meetings/{meeting_id}/start", responses=WRITES)
def start(meeting_id: str, actor: ActorDep, db: DbDep) -> MeetingOut:
    """Freezes the agenda, the attendance and a snapshot of the scorecard and rocks."""
    return _act(db, actor, meeting_id, runner.start_meeting)


@router.post("/meetings/{meeting_id}/advance", responses=WRITES)
def advance(meeting_id: str, body: AdvanceIn, actor: ActorDep, db: DbDep) -> MeetingOut:
    """Next segment. Two presses on the same segment move it once."""
    return _act(db, actor, meeting_id, runner.advance, from_segment=body.from_segment)


@router.post("/meetings/{meeting_id}/mark", responses=WRITES)
def mark(meeting_id: str, body: MarkIn, actor: ActorDep, db: DbDep) -> MeetingOut:
    """A measurable or rock on or off track; off track drops an issue on the list."""
    return _act(db, actor, meeting_id, actions.mark, **plain(body))


@router.post("/meetings/{meeting_id}/todos", responses=WRITES)
def add_todo(meeting_id: str, body: TodoIn, actor: ActorDep, db: DbDep) -> MeetingOut:
    return _act(db, actor, meeting_id, actions.add_todo, **plain(body))


@router.post("/meetings/{meeting_id}/todos/{todo_id}/done", responses=WRITES)
def tick_todo(meeting_id: str, todo_id: str, actor: ActorDep, db: DbDep) -> MeetingOut:
    return _act(db, actor, meeting_id, actions.tick_todo, todo_id=todo_id)


@router.post("/meetings/{meeting_id}/top", responses=WRITES)
def choose_top(meeting_id: str, body: TopIn, actor: ActorDep, db: DbDep) -> MeetingOut:
    """Put 1 to 3 issues, in this order, at the top of the issues list."""
    return _act(db, actor, meeting_id, actions.choose_top, issue_ids=body.issue_ids)


@router.post("/meetings/{meeting_id}/ids", responses=WRITES)
def ids_issue(meeting_id: str, body: IdsIn, actor: ActorDep, db: DbDep) -> MeetingOut:
    """Discuss an issue (notes) and, with a solution, solve it: its to-dos get owners, due in 7 days."""
    args = plain(body)
    if not isinstance(body, IdsSolve):
        args.update(solution="", todos=None)
    return _act(db, actor, meeting_id, ids.ids_issue, **args)


@router.post("/meetings/{meeting_id}/headlines", responses=WRITES)
def headline(meeting_id: str, body: HeadlineIn, actor: ActorDep, db: DbDep) -> MeetingOut:
    return _act(db, actor, meeting_id, actions.post_headline, **plain(body))


@router.post("/meetings/{meeting_id}/messages", responses=WRITES)
def message(meeting_id: str, body: MessageIn, actor: ActorDep, db: DbDep) -> MeetingOut:
    """A cascading message, delivered to every attendee's inbox when the meeting ends."""
    return _act(db, actor, meeting_id, actions.post_message, text=body.text)


@router.post("/meetings/{meeting_id}/rate", responses=WRITES)
def rate(meeting_id: str, body: RateIn, actor: ActorDep, db: DbDep) -> MeetingOut:
    return _act(db, actor, meeting_id, actions.rate, seat_id=body.seat_id, score=body.score)


@router.post("/meetings/{meeting_id}/end", responses=WRITES)
def end(meeting_id: str, actor: ActorDep, db: DbDep) -> MeetingOut:
    """Re-snapshots, writes the minutes, delivers them (and the cascading messages) to every
    attendee's inbox, and schedules the next meeting."""
    return _act(db, actor, meeting_id, ending.end_meeting)


@router.post("/meetings/{meeting_id}/cancel", responses=WRITES)
def cancel(meeting_id: str, body: CancelIn, actor: ActorDep, db: DbDep) -> MeetingOut:
    """Call off this one scheduled meeting, with a reason; the series' next meeting is scheduled."""
    return _act(db, actor, meeting_id, skipping.cancel_meeting, reason=body.reason)


@router.get("/meetings/{meeting_id}/minutes", responses=responses(401, 403, 404, 409, 422))
def minutes(meeting_id: str, actor: ActorDep, db: DbDep) -> MinutesOut:
    """The minutes as Markdown (409 until the meeting has ended)."""
    with db.read() as s:
        require(s, actor, "read")
        return MinutesOut(meeting_id=meeting_id, markdown=read.minutes_of(s, actor, meeting_id).minutes)
