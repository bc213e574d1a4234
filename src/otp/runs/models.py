"""Run rows, each agent's runtime (adapter, schedule, limits), and the per-organization wake cursor.

A run is a row with a due time and a lease, claimed by one atomic statement like every job:
queued → running → succeeded / failed / timed_out / cancelled / abandoned, or skipped (with why)
without ever starting. At most one run per agent waits in `queued` at a time (a partial unique
index): every wake that arrives while one waits — or while the agent runs — joins that row, which
is how wakes during a run coalesce into exactly one follow-up run.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from otp.core import clock
from otp.core.db import Base
from otp.core.types import UTCDateTime

ADAPTERS = ("command", "http", "external")
STATES = ("queued", "running", "succeeded", "failed", "timed_out", "cancelled", "skipped", "abandoned")
ENDED = ("succeeded", "failed", "timed_out", "cancelled", "skipped", "abandoned")


class AgentRuntime(Base):
    """How (adapter + config) and when (schedule) OTP runs one agent, and the limits of each run."""

    __tablename__ = "agent_runtimes"
    __table_args__ = (Index("ix_agent_runtimes_due", "next_scheduled_at"),)

    agent_id: Mapped[str] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    adapter: Mapped[str] = mapped_column(String(16))
    # command: {"command": [...], "workdir": "/abs", "env": {...}}; http: {"url": ..., "secret": "whsec_..."}
    config: Mapped[dict] = mapped_column(JSON, default=dict)
    time_limit_seconds: Mapped[int] = mapped_column(Integer, default=900)
    cost_limit_cents: Mapped[int | None] = mapped_column(Integer, nullable=True)
    max_concurrent: Mapped[int] = mapped_column(Integer, default=1)
    every_minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)  # None: no schedule
    active_hours: Mapped[list | None] = mapped_column(JSON, nullable=True)  # [start_hour, end_hour) org time
    active_days: Mapped[list | None] = mapped_column(JSON, nullable=True)  # 0 = Monday .. 6 = Sunday
    next_scheduled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # external: the heartbeat already recorded as (part of) a run
    heartbeat_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class Run(Base):
    __tablename__ = "agent_runs"
    __table_args__ = (
        Index("ix_agent_runs_agent", "agent_id", "created_at"),
        Index("ix_agent_runs_state_due", "state", "due_at"),
        # one waiting run per agent: wakes join it (see module docstring)
        Index("ux_agent_runs_one_queued", "agent_id", unique=True,
              sqlite_where=text("state = 'queued'"), postgresql_where=text("state = 'queued'")),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    agent_id: Mapped[str] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"))
    adapter: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16), default="queued")
    reason: Mapped[str] = mapped_column(String(120))  # why it was woken: schedule, run_now, inbox:approval, ...
    wakes: Mapped[list] = mapped_column(JSON, default=list)  # every wake it carries (coalesced), capped
    wake_count: Mapped[int] = mapped_column(Integer, default=1)
    detail: Mapped[str] = mapped_column(String(500), default="")  # why skipped / stopped / failed
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    lease_owner: Mapped[str | None] = mapped_column(String(60), nullable=True)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    host: Mapped[str | None] = mapped_column(String(120), nullable=True)
    pid: Mapped[int | None] = mapped_column(Integer, nullable=True)
    exit_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    cost_cents: Mapped[int] = mapped_column(Integer, default=0)
    tokens: Mapped[int] = mapped_column(BigInteger, default=0)
    progress: Mapped[str] = mapped_column(String(2000), default="")
    output: Mapped[str] = mapped_column(Text, default="")  # the last 64 KB, redacted
    output_bytes: Mapped[int] = mapped_column(BigInteger, default=0)  # everything it printed
    token_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    start_seq: Mapped[int | None] = mapped_column(Integer, nullable=True)  # org event seq when it started
    end_seq: Mapped[int | None] = mapped_column(Integer, nullable=True)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class RunCursor(Base):
    """Per organization: how far the wake scan has read events and inbox items. Its row lock also
    serializes claims within one organization, so the organization's run limit holds exactly."""

    __tablename__ = "run_cursors"

    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True)
    event_seq: Mapped[int] = mapped_column(Integer, default=0)
    inbox_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class PrepWake(Base):
    """An agent woken because a meeting's prep is due: one row per meeting and agent, so the prep
    request wakes the agent once (its primary key is the claim), not on every scan."""

    __tablename__ = "run_prep_wakes"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True)
    agent_id: Mapped[str] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    woken_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
