"""Measurables, their entries (one per period) and the versions each entry replaced."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (BigInteger, CheckConstraint, Date, Float, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column

from otp.core import clock
from otp.core.db import Base
from otp.core.types import UTCDateTime

COMPARATORS = (">=", "<=", "==", "between")
CADENCES = ("weekly", "monthly")
SOURCES = ("manual", "agent", "api", "formula")

# Integer keys for the high-volume tables: a million entries index and join faster on them.
BigId = BigInteger().with_variant(Integer, "sqlite")


class Measurable(Base):
    __tablename__ = "measurables"
    __table_args__ = (
        UniqueConstraint("org_id", "key", name="uq_measurables_org_key"),
        CheckConstraint("comparator in ('>=','<=','==','between')", name="measurable_comparator"),
        CheckConstraint("cadence in ('weekly','monthly')", name="measurable_cadence"),
        Index("ix_measurables_org_owner", "org_id", "owner_seat_id"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    # The short name formulas use ({key} or key). Immutable, so formulas never dangle.
    key: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    # SET NULL: deleting a seat on the chart must not fail because it owned numbers; the
    # scorecard shows such rows as unowned until someone takes them.
    owner_seat_id: Mapped[str | None] = mapped_column(ForeignKey("seats.id", ondelete="SET NULL"), nullable=True)
    unit: Mapped[str] = mapped_column(String(32), default="")
    comparator: Mapped[str] = mapped_column(String(8), default=">=")
    target: Mapped[float] = mapped_column(Float)
    target_max: Mapped[float | None] = mapped_column(Float, nullable=True)  # only for `between`
    cadence: Mapped[str] = mapped_column(String(8), default="weekly")
    formula: Mapped[str | None] = mapped_column(Text, nullable=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)


class MeasurableInput(Base):
    """Edges of the formula graph: `measurable_id` is computed from `input_id`. Indexed both ways:
    forward to evaluate, backward to find what to recompute when an input's entry changes."""

    __tablename__ = "measurable_inputs"

    measurable_id: Mapped[str] = mapped_column(ForeignKey("measurables.id", ondelete="CASCADE"), primary_key=True)
    input_id: Mapped[str] = mapped_column(ForeignKey("measurables.id", ondelete="CASCADE"), primary_key=True,
                                          index=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)


class Entry(Base):
    """The current value of one measurable for one period (identified by its start date)."""

    __tablename__ = "measurable_entries"
    __table_args__ = (
        UniqueConstraint("measurable_id", "period_start", name="uq_entries_measurable_period"),
        CheckConstraint("source in ('manual','agent','api','formula')", name="entry_source"),
        # The scorecard reads one organization's recent periods in one range scan, index-only:
        # the measurable and the value are in the index, so no row is looked up in the table.
        Index("ix_entries_org_period_cover", "org_id", "period_start", "measurable_id", "value"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    measurable_id: Mapped[str] = mapped_column(ForeignKey("measurables.id", ondelete="CASCADE"))
    period_start: Mapped[date] = mapped_column(Date)
    value: Mapped[float | None] = mapped_column(Float, nullable=True)  # null: a formula with a null input
    source: Mapped[str] = mapped_column(String(8))
    entered_by_kind: Mapped[str] = mapped_column(String(8))
    entered_by_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class EntryRevision(Base):
    """A value that was replaced by a later report: the history behind each entry."""

    __tablename__ = "measurable_entry_revisions"
    __table_args__ = (Index("ix_entry_revisions_measurable_period", "measurable_id", "period_start"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    measurable_id: Mapped[str] = mapped_column(ForeignKey("measurables.id", ondelete="CASCADE"))
    period_start: Mapped[date] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer)
    value: Mapped[float | None] = mapped_column(Float, nullable=True)
    source: Mapped[str] = mapped_column(String(8))
    entered_by_kind: Mapped[str] = mapped_column(String(8))
    entered_by_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime)
    replaced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
