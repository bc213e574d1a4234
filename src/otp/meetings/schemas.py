"""REST shapes for meetings (pydantic; separate from the ORM). Cross-field rules are spelled as
unions (a bound section, an off-track mark with its reason, IDS with a solution), so the OpenAPI
document says up front everything the services will check."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, Union

from pydantic import AwareDatetime, BaseModel, Field
from typing_extensions import Annotated

from otp.api.errors import ErrorResponse, READ_ONE, WRITE, responses
from otp.meetings.agenda import BOUND, KINDS, MAX_MINUTES, MAX_SECTIONS, MAX_SEATS, MIN_MINUTES
from otp.meetings.models import STATES
from otp.org.schemas import Id, Int, Str, Strict, Text, Timezone
from otp.work.models import HEADLINE_KINDS

WRITES = {**responses(*WRITE), 202: {"model": ErrorResponse, "description": "Held for approval; nothing changed"}}
READS = responses(*READ_ONE)

OneLine = Annotated[str, Field(max_length=200, pattern=r"^[^\x00\r\n]*$")]
Reason = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[^\x00\r\n]*[^\s\x00][^\x00\r\n]*$")]
Body = Str(10_000)
Required = Str(10_000, required_text=True, min_length=1)
Number = Annotated[float, Field(ge=-1e15, le=1e15, allow_inf_nan=False)]
TimeOfDay = Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$", examples=["09:00"])]
Seats = Annotated[list[Id], Field(min_length=1, max_length=MAX_SEATS)]
HeadlineKind = Literal[HEADLINE_KINDS]  # type: ignore[valid-type]
PlainKind = Literal[tuple(k for k in KINDS if k not in BOUND)]  # type: ignore[valid-type]
BoundKind = Literal[BOUND]  # type: ignore[valid-type]
Minutes = Int(MIN_MINUTES, MAX_MINUTES)


class Section(Strict):
    kind: PlainKind
    minutes: Minutes
    title: Str(100) | None = None


class BoundSection(Strict):
    kind: BoundKind
    minutes: Minutes
    title: Str(100) | None = None
    seat_ids: Annotated[list[Id], Field(max_length=MAX_SEATS)] | None = Field(
        None, description="Scorecard: the measurables these seats own; rock review: their rocks. None: all")


Agenda = Annotated[list[Union[BoundSection, Section]], Field(min_length=1, max_length=MAX_SECTIONS)]


class SeriesCreate(Strict):
    team: Text
    weekday: Int(0, 6) = Field(description="0 = Monday")
    time_of_day: TimeOfDay
    timezone: Timezone | None = Field(None, description="Default: the organization's timezone")
    attendee_seat_ids: Seats
    agenda: Agenda | None = Field(None, description="Default: segue 5, scorecard 5, rock review 5, headlines 5, "
                                                    "to-dos 5, IDS 60, conclude 5")


class SeriesUpdate(Strict):
    team: Text = None
    weekday: Int(0, 6) = None
    time_of_day: TimeOfDay = None
    timezone: Timezone = None
    attendee_seat_ids: Seats = None
    agenda: Agenda = None


class SeriesOut(BaseModel):
    id: str
    team: str
    title: str
    weekday: int
    time_of_day: str
    timezone: str
    recurrence: str
    attendee_seat_ids: list[str]
    agenda: list[dict]
    minutes: int
    active: bool
    next_meeting_id: str | None = None
    next_at: datetime | None = None
    calendar_feed: str | None = Field(None, description="Secret path of the .ics feed for calendar apps (no sign-in)")


class MeasurablePrep(Strict):
    measurable_id: Id
    value: Number


class RockOn(Strict):
    outcome_id: Id
    status: Literal["on_track"]
    reason: OneLine = ""


class RockOff(Strict):
    outcome_id: Id
    status: Literal["off_track"]
    reason: Reason = Field(description="One line: why it is off track")


class HeadlinePrep(Strict):
    kind: HeadlineKind
    text: Str(500, required_text=True, min_length=1)


class IssuePrep(Strict):
    title: Text
    details: Body = ""


def _list(item, n: int = 50):
    return Annotated[list[item], Field(max_length=n)]


class PrepIn(Strict):
    measurables: _list(MeasurablePrep) = []
    rocks: _list(Union[RockOff, RockOn]) = []
    headlines: _list(HeadlinePrep) = []
    issues: _list(IssuePrep) = []


class PrepOut(BaseModel):
    meeting_id: str
    seat_ids: list[str]
    measurables: list[dict]
    rocks: list[dict]
    headlines: list[dict]
    issues: list[dict]


class AdvanceIn(Strict):
    from_segment: Int(0, 1000) = Field(description="The segment you see as current; a stale one changes nothing")


class MarkOn(Strict):
    entity_type: Literal["measurable", "rock"]
    entity_id: Id
    status: Literal["on_track"]
    reason: OneLine = ""


class MarkOffMeasurable(Strict):
    entity_type: Literal["measurable"]
    entity_id: Id
    status: Literal["off_track"]
    reason: OneLine = ""


class MarkOffRock(Strict):
    entity_type: Literal["rock"]
    entity_id: Id
    status: Literal["off_track"]
    reason: Reason


MarkIn = Union[MarkOffRock, MarkOffMeasurable, MarkOn]


class TodoIn(Strict):
    title: Text
    owner_seat_id: Id
    due_at: AwareDatetime | None = Field(None, description="Default: in 7 days")


class TodoAssign(Strict):
    title: Text
    owner_seat_id: Id | None = Field(None, description="Default: the issue's owner seat")
    due_at: AwareDatetime | None = Field(None, description="Default: in 7 days")


class TopIn(Strict):
    issue_ids: Annotated[list[Id], Field(min_length=1, max_length=3, json_schema_extra={"uniqueItems": True})]


class IdsDiscuss(Strict):
    issue_id: Id
    notes: Body = ""


class IdsSolve(Strict):
    issue_id: Id
    notes: Body = ""
    solution: Required
    todos: Annotated[list[TodoAssign], Field(max_length=10)] = []


IdsIn = Union[IdsSolve, IdsDiscuss]


class HeadlineIn(Strict):
    kind: HeadlineKind
    text: Str(500, required_text=True, min_length=1)


class MessageIn(Strict):
    text: Str(2000, required_text=True, min_length=1)


class RateIn(Strict):
    seat_id: Id
    score: Int(1, 10)


class Attendee(BaseModel):
    seat_id: str
    seat_title: str
    holder: dict | None
    prepared: bool
    submitted_at: datetime | None
    rating: int | None
    content: dict | None = None


class MeetingOut(BaseModel):
    id: str
    series_id: str
    title: str
    team: str
    timezone: str
    state: Literal[STATES]  # type: ignore[valid-type]
    scheduled_at: datetime
    started_at: datetime | None
    ended_at: datetime | None
    ended_reason: str | None
    cancel_reason: str | None = None
    agenda: list[dict]
    current_segment: int | None
    segment_started_at: datetime | None
    timing: dict
    version: int
    attendees: list[Attendee]
    prepared: int
    ratings_average: float | None
    has_minutes: bool
    snapshot_start: dict | None = None
    snapshot_end: dict | None = None
    messages: list[dict] = []
    items: list[dict] = []


class CancelIn(Strict):
    reason: Str(500, required_text=True, min_length=1) = Field(
        description="Why this one meeting is called off")


class MinutesOut(BaseModel):
    meeting_id: str
    markdown: str


def plain(value: Any) -> Any:
    """Request models → the plain JSON values the services (and held-action payloads) take."""
    if isinstance(value, BaseModel):
        return {k: plain(v) for k, v in value.model_dump(exclude_unset=False).items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, datetime):
        return value.isoformat()
    return value
