"""Outcomes, issues, to-dos and headlines: the data the weekly cadence runs on.

Foreign keys point only at foundation tables (organizations, seats) and at this domain's own
tables; links to other domains (measurables, meetings) are plain strings, because those tables
live in other migration branches.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from otp.core import clock
from otp.core.db import Base
from otp.core.types import UTCDateTime

OUTCOME_KINDS = ("rock", "standing", "project")
OUTCOME_STATUSES = ("not_started", "on_track", "off_track", "done_pending_review", "done", "dropped")
EVIDENCE_KINDS = ("link", "artifact", "measurable_value", "note")
ISSUE_STATES = ("open", "identified", "discussed", "solved", "dropped")
ISSUE_SOURCES = ("manual", "drift", "escalation", "meeting", "agent")
TODO_SOURCES = ("manual", "meeting", "issue", "outcome")
HEADLINE_KINDS = ("customer", "employee", "other")

_ORG = "organizations.id"


class Outcome(Base):
    __tablename__ = "outcomes"
    __table_args__ = (Index("ix_outcomes_org_owner", "org_id", "owner_seat_id"),
                      Index("ix_outcomes_org_quarter", "org_id", "quarter"))

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey(_ORG, ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    definition_of_done: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16), default="rock")
    quarter: Mapped[str | None] = mapped_column(String(7), nullable=True)  # "2026-Q1"
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    # Exactly one owner: a single non-null column, so two owners cannot even be expressed.
    owner_seat_id: Mapped[str] = mapped_column(ForeignKey("seats.id"))
    reviewer_seat_id: Mapped[str | None] = mapped_column(ForeignKey("seats.id"), nullable=True)
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("outcomes.id"), nullable=True)
    measurable_id: Mapped[str | None] = mapped_column(String(40), nullable=True)  # scorecard, no FK
    target: Mapped[float | None] = mapped_column(Float, nullable=True)
    status: Mapped[str] = mapped_column(String(24), default="not_started")
    status_note: Mapped[str] = mapped_column(Text, default="")
    context_links: Mapped[list] = mapped_column(JSON, default=list)  # [{"title", "url"}]
    guardrails: Mapped[list] = mapped_column(JSON, default=list)  # [text]
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)


class OutcomeStatusChange(Base):
    """Status history. Its row id names a drift episode (a transition into off_track)."""

    __tablename__ = "outcome_status_changes"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey(_ORG, ondelete="CASCADE"), index=True)
    outcome_id: Mapped[str] = mapped_column(ForeignKey("outcomes.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(24), nullable=True)
    to_status: Mapped[str] = mapped_column(String(24))
    note: Mapped[str] = mapped_column(Text, default="")
    actor_kind: Mapped[str] = mapped_column(String(8))
    actor_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class Milestone(Base):
    __tablename__ = "outcome_milestones"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey(_ORG, ondelete="CASCADE"), index=True)
    outcome_id: Mapped[str] = mapped_column(ForeignKey("outcomes.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    due: Mapped[date | None] = mapped_column(Date, nullable=True)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class Evidence(Base):
    """Proof that an outcome is done. A rejected review marks the items it judged, so the next
    completion needs fresh evidence."""

    __tablename__ = "outcome_evidence"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey(_ORG, ondelete="CASCADE"), index=True)
    outcome_id: Mapped[str] = mapped_column(ForeignKey("outcomes.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    value: Mapped[float | None] = mapped_column(Float, nullable=True)
    submitted_by_kind: Mapped[str] = mapped_column(String(8))
    submitted_by_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    rejected_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class Issue(Base):
    __tablename__ = "issues"
    __table_args__ = (
        # The drift/staleness guard: one issue per episode, whoever raises it and however often.
        UniqueConstraint("org_id", "dedup_key", name="uq_issues_org_dedup"),
        Index("ix_issues_org_state_priority", "org_id", "state", "priority"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey(_ORG, ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    details: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(16), default="open")
    priority: Mapped[int] = mapped_column(Integer, default=0)  # rank: 1 is the top
    owner_seat_id: Mapped[str] = mapped_column(ForeignKey("seats.id"))
    raised_by_kind: Mapped[str] = mapped_column(String(8))
    raised_by_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    source: Mapped[str] = mapped_column(String(16), default="manual")
    linked_type: Mapped[str | None] = mapped_column(String(32), nullable=True)
    linked_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    solution: Mapped[str] = mapped_column(Text, default="")
    dedup_key: Mapped[str | None] = mapped_column(String(200), nullable=True)
    solved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)


class Todo(Base):
    __tablename__ = "todos"
    __table_args__ = (Index("ix_todos_org_owner_due", "org_id", "owner_seat_id", "due_at"),
                      Index("ix_todos_org_open_due", "org_id", "done_at", "due_at"))

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    # No index of its own: the (org_id, ...) indexes above serve every lookup by organization.
    org_id: Mapped[str] = mapped_column(ForeignKey(_ORG, ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    owner_seat_id: Mapped[str] = mapped_column(ForeignKey("seats.id"))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    source: Mapped[str] = mapped_column(String(16), default="manual")
    linked_type: Mapped[str | None] = mapped_column(String(32), nullable=True)
    linked_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    created_by_kind: Mapped[str] = mapped_column(String(8))
    created_by_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    done_by_kind: Mapped[str | None] = mapped_column(String(8), nullable=True)
    done_by_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    verified_by_kind: Mapped[str | None] = mapped_column(String(8), nullable=True)
    verified_by_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    # Claimed atomically by the staleness check, so no two workers raise for the same to-do.
    stale_flagged_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class Headline(Base):
    __tablename__ = "headlines"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey(_ORG, ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(String(500))
    author_kind: Mapped[str] = mapped_column(String(8))
    author_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    meeting_id: Mapped[str | None] = mapped_column(String(40), nullable=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
