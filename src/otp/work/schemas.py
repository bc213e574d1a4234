"""REST shapes for outcomes, issues, to-dos and headlines (pydantic; separate from the ORM)."""
from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, Field
from typing_extensions import Annotated

from otp.core.links import LinkType
from otp.org.schemas import NO_NUL, Id, Int, Str, Strict, Text
from otp.work.models import (EVIDENCE_KINDS, HEADLINE_KINDS, ISSUE_SOURCES, ISSUE_STATES, OUTCOME_KINDS,
                             OUTCOME_STATUSES, TODO_SOURCES)
from otp.work.outcome_status import SETTABLE

QUARTER = r"^\d{4}-Q[1-4]$"
URL = r"^https?://[^\s\x00]+$"
Quarter = Annotated[str, Field(pattern=QUARTER, examples=["2026-Q2"])]
Url = Annotated[str, Field(max_length=2000, pattern=URL)]
Number = Annotated[float, Field(ge=-1e15, le=1e15, allow_inf_nan=False)]
Note = Str(2000)
Body = Str(10_000)
LongRequired = Str(4000, required_text=True, min_length=1)
Kind = Literal[OUTCOME_KINDS]  # type: ignore[valid-type]
OutcomeStatus = Literal[OUTCOME_STATUSES]  # type: ignore[valid-type]
IssueState = Literal[ISSUE_STATES]  # type: ignore[valid-type]
IssueSource = Literal[ISSUE_SOURCES]  # type: ignore[valid-type]
TodoSource = Literal[TODO_SOURCES]  # type: ignore[valid-type]
HeadlineKind = Literal[HEADLINE_KINDS]  # type: ignore[valid-type]
Guardrail = Str(500, required_text=True, min_length=1)
LinkedType = LinkType


class Ref(BaseModel):
    kind: str
    id: str | None


class Linked(BaseModel):
    type: str
    id: str | None


# --- outcomes ---------------------------------------------------------------------------------
class ContextLink(Strict):
    title: Text
    url: Url


class OutcomeCreate(Strict):
    title: Text
    definition_of_done: LongRequired
    owner_seat_id: Id
    kind: Kind = "rock"
    quarter: Quarter | None = Field(None, description="Rocks: defaults to the current quarter")
    due_date: date | None = None
    measurable_id: Id | None = None
    target: Number | None = None
    reviewer_seat_id: Id | None = Field(None, description="Default: the seat the owner reports to")
    parent_id: Id | None = None
    context_links: Annotated[list[ContextLink], Field(max_length=20)] = []
    guardrails: Annotated[list[Guardrail], Field(max_length=20)] = []


class OutcomeUpdate(Strict):
    title: Text = None
    definition_of_done: LongRequired = None
    kind: Kind = None
    quarter: Quarter | None = None
    due_date: date | None = None
    measurable_id: Id | None = None
    target: Number | None = None
    reviewer_seat_id: Id | None = None
    parent_id: Id | None = None
    context_links: Annotated[list[ContextLink], Field(max_length=20)] = None
    guardrails: Annotated[list[Guardrail], Field(max_length=20)] = None


class StatusSet(Strict):
    status: Literal[SETTABLE] = Field(description="done asks for review (needs evidence)")  # type: ignore[valid-type]
    note: Note = ""


class CompleteBody(Strict):
    note: Note = ""


class ReviewBody(Strict):
    accept: bool
    reason: Note = Field("", description="Required when rejecting")


class OwnerChange(Strict):
    owner_seat_id: Id
    reason: Note = ""


class MilestoneCreate(Strict):
    title: Text
    due: date | None = None
    done: bool = False


class MilestoneUpdate(Strict):
    title: Text = None
    due: date = None
    done: bool = None


class EvidenceCreate(Strict):
    kind: Literal[EVIDENCE_KINDS]  # type: ignore[valid-type]
    summary: LongRequired
    url: Url | None = Field(None, description="Required for kind link")
    value: Number | None = Field(None, description="Required for kind measurable_value")


class MilestoneOut(BaseModel):
    id: str
    title: str
    due: date | None
    done: bool
    done_at: datetime | None


class EvidenceOut(BaseModel):
    id: str
    kind: str
    summary: str
    url: str | None
    value: float | None
    submitted_by: Ref
    rejected: bool
    created_at: datetime


class OutcomeOut(BaseModel):
    id: str
    title: str
    definition_of_done: str
    kind: str
    quarter: str | None
    due_date: date | None
    owner_seat_id: str
    reviewer_seat_id: str | None
    parent_id: str | None
    measurable_id: str | None
    target: float | None
    status: str
    status_note: str
    context_links: list[dict]
    guardrails: list[str]
    milestones: list[MilestoneOut]
    evidence: list[EvidenceOut]
    done_at: datetime | None
    created_at: datetime
    updated_at: datetime


class OutcomePage(BaseModel):
    items: list[OutcomeOut]
    next_cursor: str | None


class StatusChangeOut(BaseModel):
    id: str
    from_status: str | None
    to_status: str
    note: str
    actor: Ref
    changed_at: datetime


# --- issues -----------------------------------------------------------------------------------
class IssueCreate(Strict):
    title: Text
    owner_seat_id: Id
    details: Body = ""
    source: IssueSource = "manual"
    linked_type: LinkedType | None = None
    linked_id: Id | None = None
    dedup_key: Str(200, required_text=True, min_length=1) | None = Field(
        None, description="One issue per key: raising again returns the existing issue (200)")
    priority: Int(1, 1_000_000) | None = Field(None, description="Position in the list; default: the bottom")


class IssueUpdate(Strict):
    title: Text = None
    details: Body = None
    owner_seat_id: Id = None


class IssueTransition(Strict):
    state: IssueState


class IssueReorder(Strict):
    position: Int(1, 1_000_000) = Field(description="1 is the top of the list")


class SolveTodo(Strict):
    title: Text
    owner_seat_id: Id | None = Field(None, description="Default: the issue's owner seat")
    due_at: AwareDatetime | None = None


class IssueSolve(Strict):
    solution: Str(10_000, required_text=True, min_length=1)
    todos: Annotated[list[SolveTodo], Field(max_length=20)] = []


class IssueOut(BaseModel):
    id: str
    title: str
    details: str
    state: str
    priority: int
    top: bool = Field(description="Among the top 3 open issues")
    owner_seat_id: str
    raised_by: Ref
    source: str
    linked: Linked | None
    solution: str
    dedup_key: str | None
    solved_at: datetime | None
    created_at: datetime


class IssuePage(BaseModel):
    items: list[IssueOut]
    next_cursor: str | None


# --- to-dos and headlines ---------------------------------------------------------------------
class TodoCreate(Strict):
    title: Text
    owner_seat_id: Id
    due_at: AwareDatetime | None = Field(None, description="Default: 7 days from now")
    source: TodoSource = "manual"
    linked_type: LinkedType | None = None
    linked_id: Id | None = None


class TodoAssign(Strict):
    owner_seat_id: Id


class TodoOut(BaseModel):
    id: str
    title: str
    owner_seat_id: str
    due_at: datetime
    source: str
    linked: Linked | None
    created_by: Ref
    done: bool
    done_at: datetime | None
    done_by: Ref | None
    verified: bool
    verified_at: datetime | None
    verified_by: Ref | None
    overdue: bool
    created_at: datetime


class TodoPage(BaseModel):
    items: list[TodoOut]
    next_cursor: str | None


class SolveOut(BaseModel):
    issue: IssueOut
    todos: list[TodoOut]


class CompletionOut(BaseModel):
    seat_id: str
    window_start: str
    window_end: str
    counted: int
    done: int
    done_on_time: int
    rate: float | None


class HeadlineCreate(Strict):
    kind: HeadlineKind
    text: Str(500, required_text=True, min_length=1)
    meeting_id: Id | None = None


class HeadlineOut(BaseModel):
    id: str
    kind: str
    text: str
    author: Ref
    meeting_id: str | None
    created_at: datetime


class HeadlinePage(BaseModel):
    items: list[HeadlineOut]
    next_cursor: str | None


IdQuery = {"min_length": 1, "max_length": 40, "pattern": NO_NUL}
