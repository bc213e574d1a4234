"""The append-only audit record, hash-chained per organization."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from otp.core.db import Base
from otp.core.types import UTCDateTime


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("org_id", "seq"),
        Index("ix_events_org_entity", "org_id", "entity_type", "entity_id"),
        Index("ix_events_org_action", "org_id", "action"),
    )

    # A global integer id orders events across the instance (SSE Last-Event-ID, paging).
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor_kind: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    action: Mapped[str] = mapped_column(String(64))
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    # the id of the audit key `hash` is an HMAC under (otp.core.audit_keys); never the key
    key_id: Mapped[str | None] = mapped_column(String(16), nullable=True)


class EventChain(Base):
    """Head of each organization's chain. Locking this row serializes appends per org."""

    __tablename__ = "event_chains"

    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    head_hash: Mapped[str] = mapped_column(String(64))
    key_id: Mapped[str | None] = mapped_column(String(16), nullable=True)  # the key of the last event
    # The seq of the last event that may change what the gate reads (otp.events.epoch): per-process
    # caches of governance inputs ask this one number, not the events, whether they still hold.
    governance_seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
