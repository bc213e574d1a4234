"""Response shapes of the briefing, for the OpenAPI document (the route returns the dict
directly; these models say exactly what it holds)."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class Link(BaseModel):
    type: str
    id: str | None


class BriefingActor(BaseModel):
    kind: str
    id: str | None
    name: str
    level: int | None
    status: str | None


class SeatRef(BaseModel):
    id: str
    title: str


class DueTodo(BaseModel):
    id: str
    title: str
    due_at: str
    owner_seat_id: str
    source: str


class ToReport(BaseModel):
    id: str
    key: str
    title: str
    cadence: str
    unit: str
    comparator: str
    target: float
    period: str


class StaleOutcome(BaseModel):
    id: str
    title: str
    status: str
    status_changed_at: str
    due_date: str | None
    quarter: str | None


class Decision(BaseModel):
    approval_id: str
    action: str
    state: str
    reason: str
    note: str = Field("", description="The approver's note to you (the same text as reason)")
    question: str = Field("", description="The request in one line, as the approver saw it")
    decided_at: str | None
    result: dict[str, Any] | None


class EscalationItem(BaseModel):
    escalation_id: str
    reason: str
    needed: str
    urgency: str
    respond_by: str
    state: str
    resolution: str
    link: Link | None


class InboxEntry(BaseModel):
    id: str
    kind: str
    title: str
    created_at: str
    link: Link | None


class Inbox(BaseModel):
    unread: int
    items: list[InboxEntry]


class SopChange(BaseModel):
    sop_id: str
    key: str
    title: str
    change: str
    version: int
    previous_version: int | None
    changed_at: str
    changed_by: dict[str, Any]
    source_seat_id: str
    source_seat_title: str
    seat_id: str


class BriefingOut(BaseModel):
    actor: BriefingActor
    seats: list[SeatRef]
    now: str
    since: str
    last_heartbeat_at: str | None
    due_todos: list[DueTodo]
    measurables_to_report: list[ToReport]
    outcomes_needing_status: list[StaleOutcome]
    approval_decisions: list[Decision]
    escalations_waiting: list[EscalationItem]
    escalations_resolved: list[EscalationItem]
    meeting_prep: list[dict[str, Any]]
    inbox: Inbox
    sop_changes: list[SopChange]
    needs_attention: int
