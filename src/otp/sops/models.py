"""SOPs: standard operating procedures owned by a seat, versioned on every edit."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from otp.core import clock
from otp.core.db import Base
from otp.core.types import UTCDateTime

# The fields a version snapshots and a diff compares, in display order.
CONTENT_FIELDS = ("title", "trigger", "steps", "outputs", "tools", "notes")


class Sop(Base):
    __tablename__ = "sops"
    __table_args__ = (
        # The key is what inheritance matches on: one SOP per key per seat, archived ones included,
        # so a restored SOP keeps its history instead of colliding with a newer twin.
        UniqueConstraint("seat_id", "key", name="uq_sops_seat_key"),
        Index("ix_sops_org_seat", "org_id", "seat_id"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    seat_id: Mapped[str] = mapped_column(ForeignKey("seats.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    trigger: Mapped[str] = mapped_column(Text, default="")
    steps: Mapped[list] = mapped_column(JSON, default=list)
    outputs: Mapped[list] = mapped_column(JSON, default=list)
    tools: Mapped[list] = mapped_column(JSON, default=list)
    notes: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    def content(self) -> dict:
        return {"key": self.key, **{f: _copy(getattr(self, f)) for f in CONTENT_FIELDS}}


class SopVersion(Base):
    """The full content after each edit, with who made it and when (history survives later edits)."""

    __tablename__ = "sop_versions"
    __table_args__ = (
        UniqueConstraint("sop_id", "number", name="uq_sop_versions_number"),
        Index("ix_sop_versions_sop_created", "sop_id", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    sop_id: Mapped[str] = mapped_column(ForeignKey("sops.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict] = mapped_column(JSON)
    actor_kind: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


def _copy(value):
    return list(value) if isinstance(value, list) else value
