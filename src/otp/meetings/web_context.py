"""What the meeting pages show, read in one transaction: the meeting, its panels' live data
(issues list, open to-dos, headlines) and the names behind every seat."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.core import clock
from otp.meetings import feed, items, read, series
from otp.meetings.common import get_meeting, seats_held
from otp.meetings.models import Meeting, MeetingSeries
from otp.scorecard.models import Measurable
from otp.web.directory import Directory
from otp.work.common import current_quarter
from otp.work.issues import active_issues
from otp.work.models import Headline, Outcome, Todo

ISSUES_SHOWN = 50


def index_context(s: Session, actor: Actor) -> dict:
    d = Directory(s, actor.org_id)
    rows = []
    for row in series.list_series(s, actor):
        meetings = read.list_meetings(s, actor, series_id=row.id, limit=6)
        rows.append({"series": read.series_view(row), "zone": ZoneInfo(row.timezone), "feed": feed.feed_path(row),
                     "upcoming": [read.meeting_view(s, m, full=False) for m in meetings
                                  if m.state in ("scheduled", "running")],
                     "past": [read.meeting_view(s, m, full=False) for m in meetings
                              if m.state in ("ended", "cancelled", "missed")]})
    return {"d": d, "rows": rows, "weekdays": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                                               "Sunday")}


def meeting_context(s: Session, actor: Actor, meeting_id: str) -> dict:
    meeting = get_meeting(s, actor, meeting_id)
    view = read.meeting_view(s, meeting)
    row = s.get(MeetingSeries, meeting.series_id)
    d = Directory(s, actor.org_id)
    seat_ids = [a["seat_id"] for a in view["attendees"]]
    mine = set(seats_held(s, actor))
    marks = {i.entity_id: i.data for i in items.of(s, meeting.id, "mark")}
    worked = {i.entity_id: i.data for i in items.of(s, meeting.id, "ids")}
    created = [i.entity_id for i in items.of(s, meeting.id, "todo_created")]
    context = {"m": view, "series": read.series_view(row), "zone": ZoneInfo(row.timezone), "d": d,
               "now": clock.now(), "marks": marks, "worked": worked, "my_seats": [x for x in seat_ids if x in mine],
               "headlines": _headlines(s, meeting), "titles": _titles(s, actor.org_id, view)}
    if meeting.state == "running":
        issues = active_issues(s, actor.org_id)[:ISSUES_SHOWN]
        context.update(issues=issues, top=issues[:3], todos=_open_todos(s, actor.org_id, seat_ids, meeting),
                       recap=_todos(s, created), segment=view["agenda"][meeting.current_segment])
    if meeting.state == "ended":
        context["minutes_text"] = meeting.minutes
    if meeting.state in ("cancelled", "missed"):
        following = series.scheduled_of(s, row.id)
        context["next_meeting"] = read.meeting_view(s, following, full=False) if following else None
    if meeting.state == "scheduled":
        context.update(prep_form=_prep_form(s, actor.org_id, [x for x in seat_ids if x in mine]))
    return context


def _headlines(s: Session, meeting: Meeting) -> list[Headline]:
    return list(s.execute(select(Headline).where(Headline.meeting_id == meeting.id)
                          .order_by(Headline.created_at, Headline.id)).scalars())


def _titles(s: Session, org_id: str, view: dict) -> dict:
    """Names for the ids in prep content (measurables and rocks)."""
    names = dict(s.execute(select(Measurable.id, Measurable.title).where(Measurable.org_id == org_id)).all())
    names.update(s.execute(select(Outcome.id, Outcome.title).where(Outcome.org_id == org_id,
                                                                   Outcome.kind == "rock")).all())
    return names


def _open_todos(s: Session, org_id: str, seat_ids: list[str], meeting: Meeting) -> list[Todo]:
    """The attendees' open to-dos, and those ticked done in this meeting (so the tick shows)."""
    ticked = [i.entity_id for i in items.of(s, meeting.id, "todo_done")]
    q = select(Todo).where(Todo.org_id == org_id, Todo.owner_seat_id.in_(seat_ids),
                           (Todo.done_at.is_(None)) | (Todo.id.in_(ticked or [""])))
    return list(s.execute(q.order_by(Todo.due_at, Todo.id).limit(200)).scalars())


def _todos(s: Session, ids: list[str]) -> list[Todo]:
    if not ids:
        return []
    return list(s.execute(select(Todo).where(Todo.id.in_(ids)).order_by(Todo.created_at, Todo.id)).scalars())


def _prep_form(s: Session, org_id: str, my_seats: list[str]) -> dict | None:
    if not my_seats:
        return None
    measurables = s.execute(select(Measurable).where(Measurable.org_id == org_id,
                                                     Measurable.owner_seat_id.in_(my_seats),
                                                     Measurable.archived_at.is_(None), Measurable.formula.is_(None))
                            .order_by(Measurable.position, Measurable.title)).scalars().all()
    rocks = s.execute(select(Outcome).where(Outcome.org_id == org_id, Outcome.kind == "rock",
                                            Outcome.owner_seat_id.in_(my_seats),
                                            Outcome.quarter == current_quarter(s, org_id),
                                            Outcome.status.in_(("not_started", "on_track", "off_track")))
                      .order_by(Outcome.title)).scalars().all()
    return {"measurables": measurables, "rocks": rocks}
