"""Stored OOS documents: versions (one editable draft per organization, frozen published ones),
their claims (kept in sync with the text, for search and facets) and captured learnings.

The Markdown text is the source of truth; `oos_claims` is an index derived from it on every
save, so the two can never disagree for long enough to matter (same transaction).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import (JSON, BigInteger, Boolean, CheckConstraint, Float, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint, text)
from sqlalchemy.orm import Mapped, mapped_column

from otp.core import clock
from otp.core.db import Base
from otp.core.types import UTCDateTime

STATES = ("draft", "published")


class OOSVersion(Base):
    __tablename__ = "oos_versions"
    __table_args__ = (
        UniqueConstraint("org_id", "number", name="uq_oos_versions_org_number"),
        CheckConstraint("state in ('draft','published')", name="oos_version_state"),
        CheckConstraint("(state = 'draft') = (number is null)", name="oos_version_number_iff_published"),
        # One draft per organization, enforced by the database (partial index: SQLite and PostgreSQL).
        Index("uq_oos_versions_one_draft", "org_id", unique=True,
              sqlite_where=text("state = 'draft'"), postgresql_where=text("state = 'draft'")),
        Index("ix_oos_versions_current", "current"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(16))
    number: Mapped[int | None] = mapped_column(Integer, nullable=True)  # published versions: 1, 2, ...
    parent_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    text: Mapped[str] = mapped_column(Text)
    # The latest published version of its organization (what the network shows).
    current: Mapped[bool] = mapped_column(Boolean, default=False)
    # Facets, derived from the text on every save so the network can filter without parsing.
    pseudonym: Mapped[str] = mapped_column(String(200), default="")
    industry: Mapped[str] = mapped_column(String(100), default="")
    org_size: Mapped[str] = mapped_column(String(32), default="")
    tier: Mapped[str] = mapped_column(String(16), default="")
    score: Mapped[float] = mapped_column(Float, default=0.0)
    claim_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_by: Mapped[dict] = mapped_column(JSON, default=dict)  # actor ref
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    published_by: Mapped[dict | None] = mapped_column(JSON, nullable=True)


class OOSClaim(Base):
    __tablename__ = "oos_claims"
    __table_args__ = (Index("ix_oos_claims_version_position", "version_id", "position"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    version_id: Mapped[str] = mapped_column(ForeignKey("oos_versions.id", ondelete="CASCADE"))
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    claim_id: Mapped[str] = mapped_column(String(64))
    section: Mapped[str] = mapped_column(String(120))
    rule: Mapped[str] = mapped_column(Text, default="")
    why: Mapped[str] = mapped_column(Text, default="")
    failure_mode: Mapped[str] = mapped_column(Text, default="")
    confidence: Mapped[str] = mapped_column(String(32), default="")
    evidence: Mapped[str] = mapped_column(String(32), default="")
    scope: Mapped[str] = mapped_column(Text, default="")
    provenance: Mapped[str | None] = mapped_column(Text, nullable=True)
    # Lower-cased rule/why/failure/scope/section: full text by LIKE works the same on both engines.
    search_text: Mapped[str] = mapped_column(Text, default="")


class OOSLearning(Base):
    """A learning captured in the loop. Kept apart from the draft so regenerating or replacing the
    draft never loses it, and so a repeat sighting can strengthen its evidence."""

    __tablename__ = "oos_learnings"
    __table_args__ = (UniqueConstraint("org_id", "fingerprint", name="uq_oos_learnings_org_fingerprint"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    what_failed: Mapped[str] = mapped_column(Text, default="")
    do_instead: Mapped[str] = mapped_column(Text)
    why: Mapped[str] = mapped_column(Text)
    section: Mapped[str] = mapped_column(String(64))
    confidence: Mapped[str] = mapped_column(String(16))
    agent_id: Mapped[str | None] = mapped_column(ForeignKey("agents.id", ondelete="SET NULL"), nullable=True)
    times_seen: Mapped[int] = mapped_column(Integer, default=1)
    claim_id: Mapped[str | None] = mapped_column(String(64), nullable=True)  # its claim in the draft
    captured_by: Mapped[dict] = mapped_column(JSON, default=dict)  # first capture: actor ref
    first_captured_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    last_captured_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
