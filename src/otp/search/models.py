"""One row per searchable thing: what a result shows (title, a body to excerpt) and which
organization may see it. The full-text index itself lives beside this table and is not a model
(fts.py): an FTS5 virtual table on SQLite, a generated tsvector column on PostgreSQL.

The flush hook that keeps the entries current is flush_hooks.py: every process that opens a
Database loads every domain's models and flush hooks (otp.all_models), so no write anywhere can
skip it."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from otp.core import clock
from otp.core.db import Base
from otp.core.types import UTCDateTime

# An integer key: FTS5's external-content table addresses rows by rowid (INTEGER PRIMARY KEY).
EntryId = BigInteger().with_variant(Integer, "sqlite")


class SearchEntry(Base):
    __tablename__ = "search_entries"
    __table_args__ = (
        # Ids are unique across kinds (prefixed), except a person's, who has one entry per
        # organization they belong to: hence the organization in the key.
        UniqueConstraint("org_id", "ref_id", name="uq_search_entries_org_ref"),
        Index("ix_search_entries_org_kind", "org_id", "kind"),
    )

    id: Mapped[int] = mapped_column(EntryId, primary_key=True, autoincrement=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    ref_id: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text, default="")
    # Where the result links: a parent's id some pages need (a headline's meeting).
    parent_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

