"""The organization and its accountability chart: people, agents, seats, occupancy history."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from otp.core import clock
from otp.core.db import Base
from otp.core.types import UTCDateTime

ROLES = ("owner", "admin", "member", "observer")
AGENT_STATUSES = ("active", "paused", "retired")
AGENT_RUNTIMES = ("claude-code", "codex", "http", "custom", "mcp")


class Organization(Base):
    __tablename__ = "organizations"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    week_start: Mapped[int] = mapped_column(Integer, default=0)  # 0 = Monday .. 6 = Sunday
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    # The stop switch (otp.governance.stop_switch): while agents_paused_at is set, governance
    # denies every agent write in this organization. Columns, not a setting, so the gate reads
    # it with the organization row it already loads and nobody edits it through PATCH /org.
    agents_paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    agents_paused_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    agents_paused_by: Mapped[str | None] = mapped_column(String(40), nullable=True)  # person id


class Person(Base):
    __tablename__ = "people"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(200), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class Membership(Base):
    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("org_id", "person_id"),
        CheckConstraint("role in ('owner','admin','member','observer')", name="membership_role"),
        CheckConstraint("status in ('active','deactivated')", name="membership_status"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    # A deactivated member keeps their history (events, occupancy) but cannot sign in, and their
    # sessions and tokens stop; reactivating gives the membership back, not the old credentials.
    status: Mapped[str] = mapped_column(String(16), default="active", server_default="active")
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class Agent(Base):
    __tablename__ = "agents"
    __table_args__ = (
        UniqueConstraint("org_id", "name"),
        CheckConstraint("level between 1 and 8", name="agent_level_range"),
        CheckConstraint("status in ('active','paused','retired')", name="agent_status"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    runtime: Mapped[str] = mapped_column(String(32), default="custom")
    model: Mapped[str | None] = mapped_column(String(120), nullable=True)
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="active")
    level: Mapped[int] = mapped_column(Integer, default=1)
    monthly_budget_cents: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class Seat(Base):
    __tablename__ = "seats"
    __table_args__ = (
        # One accountable occupant: a person or an agent, never both.
        CheckConstraint(
            "occupant_person_id is null or occupant_agent_id is null", name="seat_one_occupant"
        ),
        CheckConstraint("parent_id is null or parent_id <> id", name="seat_not_own_parent"),
        Index("ix_seats_org_parent", "org_id", "parent_id"),
        # "Which seats does this actor hold" runs on every briefing and governance decision.
        Index("ix_seats_occupant_agent", "occupant_agent_id"),
        Index("ix_seats_occupant_person", "occupant_person_id"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(Text, default="")
    responsibilities: Mapped[list] = mapped_column(JSON, default=list)
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("seats.id"), nullable=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    occupant_person_id: Mapped[str | None] = mapped_column(ForeignKey("people.id"), nullable=True)
    occupant_agent_id: Mapped[str | None] = mapped_column(ForeignKey("agents.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)

    @property
    def occupant_kind(self) -> str | None:
        if self.occupant_person_id:
            return "person"
        if self.occupant_agent_id:
            return "agent"
        return None


class SeatOccupancy(Base):
    """History: who held which seat, from when to when. The open row mirrors Seat.occupant_*."""

    __tablename__ = "seat_occupancies"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    seat_id: Mapped[str] = mapped_column(ForeignKey("seats.id", ondelete="CASCADE"), index=True)
    occupant_kind: Mapped[str] = mapped_column(String(8))
    occupant_id: Mapped[str] = mapped_column(String(40))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    assigned_by: Mapped[str | None] = mapped_column(String(40), nullable=True)
