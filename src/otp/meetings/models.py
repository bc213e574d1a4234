"""The weekly meeting: a series (team, recurrence, attendees, agenda template) and its instances,
with prep submissions, ratings, cascading messages and the meeting's own log of what it did.

Foreign keys point only at foundation tables (organizations, seats) and at this domain's own
tables; work items (issues, to-dos, outcomes, measurables) are referenced by plain ids, since
their tables live in other migration branches.

Recurrence is stored as local wall time (weekday + HH:MM) plus an IANA timezone, never as a UTC
offset: "Monday 09:00 America/New_York" stays 09:00 local on both sides of a DST change.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from otp.core import clock
from otp.core.db import Base
from otp.core.types import UTCDateTime

STATES = ("scheduled", "running", "ended", "cancelled", "missed")  # missed: its slot passed, never started
STATE_CHECK = "state in ('scheduled','running','ended','cancelled','missed')"
_ORG = "organizations.id"


class MeetingSeries(Base):
    __tablename__ = "meeting_series"
    __table_args__ = (CheckConstraint("weekday between 0 and 6", name="meeting_series_weekday"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey(_ORG, ondelete="CASCADE"), index=True)
    team: Mapped[str] = mapped_column(String(200))
    weekday: Mapped[int] = mapped_column(Integer)  # 0 = Monday
    time_of_day: Mapped[str] = mapped_column(String(5))  # "09:00", local to `timezone`
    timezone: Mapped[str] = mapped_column(String(64))
    attendee_seat_ids: Mapped[list] = mapped_column(JSON, default=list)
    agenda: Mapped[list] = mapped_column(JSON, default=list)  # [{kind, minutes, title, seat_ids?}]
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    feed_token: Mapped[str | None] = mapped_column(String(64), nullable=True)  # the secret .ics URL's token
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)


class Meeting(Base):
    """One instance of a series. `version` grows with every change, so live pages can tell when
    to re-fetch; `current_segment` only moves by a conditional UPDATE (one advance per press)."""

    __tablename__ = "meetings"
    __table_args__ = (
        UniqueConstraint("series_id", "scheduled_at", name="uq_meetings_series_time"),
        CheckConstraint(STATE_CHECK, name="meeting_state"),
        Index("ix_meetings_org_state_time", "org_id", "state", "scheduled_at"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey(_ORG, ondelete="CASCADE"), index=True)
    series_id: Mapped[str] = mapped_column(ForeignKey("meeting_series.id", ondelete="CASCADE"), index=True)
    scheduled_at: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(16), default="scheduled")
    agenda: Mapped[list | None] = mapped_column(JSON, nullable=True)  # frozen at start
    attendance: Mapped[list | None] = mapped_column(JSON, nullable=True)  # seats + holders at start
    current_segment: Mapped[int | None] = mapped_column(Integer, nullable=True)
    segment_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    ended_reason: Mapped[str | None] = mapped_column(String(16), nullable=True)  # closed | overrun
    cancel_reason: Mapped[str | None] = mapped_column(Text, nullable=True)  # why this one was called off
    snapshot_start: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    snapshot_end: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    minutes: Mapped[str | None] = mapped_column(Text, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class MeetingPrep(Base):
    """What one attendee seat brought to one meeting (and what became of each item)."""

    __tablename__ = "meeting_preps"
    __table_args__ = (UniqueConstraint("meeting_id", "seat_id", name="uq_meeting_prep_seat"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey(_ORG, ondelete="CASCADE"), index=True)
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    seat_id: Mapped[str] = mapped_column(ForeignKey("seats.id", ondelete="CASCADE"))
    submitted_by_kind: Mapped[str] = mapped_column(String(8))
    submitted_by_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    content: Mapped[dict] = mapped_column(JSON, default=dict)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class MeetingRating(Base):
    __tablename__ = "meeting_ratings"
    __table_args__ = (UniqueConstraint("meeting_id", "seat_id", name="uq_meeting_rating_seat"),
                      CheckConstraint("score between 1 and 10", name="meeting_rating_score"))

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey(_ORG, ondelete="CASCADE"), index=True)
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    seat_id: Mapped[str] = mapped_column(ForeignKey("seats.id", ondelete="CASCADE"))
    score: Mapped[int] = mapped_column(Integer)
    rated_by_kind: Mapped[str] = mapped_column(String(8))
    rated_by_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class MeetingMessage(Base):
    """A cascading message: what the team agreed to tell the rest of the organization."""

    __tablename__ = "meeting_messages"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey(_ORG, ondelete="CASCADE"), index=True)
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    author_kind: Mapped[str] = mapped_column(String(8))
    author_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class MeetingItem(Base):
    """The meeting's log of work it touched: marks (on/off track), to-dos ticked or created,
    issues discussed and solved. One row per (meeting, kind, entity): marking again replaces."""

    __tablename__ = "meeting_items"
    __table_args__ = (UniqueConstraint("meeting_id", "kind", "entity_id", name="uq_meeting_item"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey(_ORG, ondelete="CASCADE"), index=True)
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(24))  # mark | todo_done | todo_created | ids
    entity_type: Mapped[str] = mapped_column(String(24))  # measurable | outcome | todo | issue
    entity_id: Mapped[str] = mapped_column(String(40))
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    by_kind: Mapped[str] = mapped_column(String(8))
    by_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
