"""Stored governance: an organization's policy (compiled by otp.governance.store), approval
requests, escalations, the autonomy ledger, incidents, agent guards and cost events.

Foreign keys point only at foundation tables (organizations, seats, agents). Outcome ids are
plain strings: outcomes live on another migration branch.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import (JSON, BigInteger, CheckConstraint, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column

from otp.core import clock
from otp.core.db import Base
from otp.core.types import UTCDateTime

APPROVAL_STATES = ("pending", "approved", "rejected", "expired", "escalated")
OPEN_APPROVAL_STATES = ("pending", "escalated")  # escalated = re-routed one seat up, still open
URGENCIES = ("low", "normal", "high", "critical")
INCIDENT_KINDS = ("hard_deny", "evidence_rejected", "loop_guard", "budget_breach")

_ORG = "organizations.id"


class Policy(Base):
    """One row per organization: the version (bumped on every edit; the compile cache keys on it)
    and the sections that are plain documents. Rule rows live in the tables below."""

    __tablename__ = "governance_policies"

    org_id: Mapped[str] = mapped_column(ForeignKey(_ORG, ondelete="CASCADE"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    classes: Mapped[list] = mapped_column(JSON, default=list)  # org-defined action classes
    matrix: Mapped[list] = mapped_column(JSON, default=list)  # [{level, action, effect}] edits
    scopes: Mapped[dict] = mapped_column(JSON, default=dict)  # {action: scope | null}
    spend_limits: Mapped[dict] = mapped_column(JSON, default=dict)  # {per_action, per_level}
    channel_allowlist: Mapped[list] = mapped_column(JSON, default=list)
    roles: Mapped[list | None] = mapped_column(JSON, nullable=True)  # [{role, action, effect}] edits
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class HardDenyRow(Base):
    __tablename__ = "governance_hard_deny"
    __table_args__ = (UniqueConstraint("org_id", "key"),
                      CheckConstraint("applies_to in ('agents','everyone')", name="hard_deny_applies_to"))

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey(_ORG, ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(64))  # the rule id users see: hard_deny:<key>
    actions: Mapped[list] = mapped_column(JSON)
    applies_to: Mapped[str] = mapped_column(String(16), default="agents")
    when: Mapped[list] = mapped_column(JSON, default=list)
    reason: Mapped[str] = mapped_column(Text, default="")


class OutcomeGrantRow(Base):
    __tablename__ = "governance_outcome_grants"
    __table_args__ = (Index("ix_gov_grants_org", "org_id", "outcome_id"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey(_ORG, ondelete="CASCADE"))
    outcome_id: Mapped[str] = mapped_column(String(40))  # no FK: outcomes are another branch
    seat_id: Mapped[str] = mapped_column(ForeignKey("seats.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(64))
    effect: Mapped[str] = mapped_column(String(8))


class SeatOverrideRow(Base):
    __tablename__ = "governance_seat_overrides"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey(_ORG, ondelete="CASCADE"), index=True)
    seat_id: Mapped[str] = mapped_column(ForeignKey("seats.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(64))
    effect: Mapped[str] = mapped_column(String(8))


class ApprovalRequest(Base):
    __tablename__ = "approval_requests"
    __table_args__ = (
        CheckConstraint("state in ('pending','approved','rejected','expired','escalated')", name="approval_state"),
        Index("ix_approvals_due", "state", "deadline"),
        Index("ix_approvals_org_state", "org_id", "state"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey(_ORG, ondelete="CASCADE"))
    requester_kind: Mapped[str] = mapped_column(String(8))  # person | agent | system
    requester_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    requester_seat_id: Mapped[str | None] = mapped_column(ForeignKey("seats.id", ondelete="SET NULL"),
                                                          nullable=True)
    action: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict | None] = mapped_column(JSON, nullable=True)  # None: nothing to run on approval
    resource: Mapped[dict] = mapped_column(JSON, default=dict)
    rule: Mapped[str] = mapped_column(String(120), default="")
    question: Mapped[str] = mapped_column(Text)
    options: Mapped[list] = mapped_column(JSON)
    recommended: Mapped[str] = mapped_column(String(40))
    reversible: Mapped[bool] = mapped_column(default=True)
    deadline: Mapped[datetime] = mapped_column(UTCDateTime)
    approver_seat_id: Mapped[str | None] = mapped_column(ForeignKey("seats.id", ondelete="SET NULL"), nullable=True)
    approver_person_id: Mapped[str | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"),
                                                           nullable=True)
    hops: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[str] = mapped_column(String(16), default="pending")
    decision: Mapped[str | None] = mapped_column(String(40), nullable=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by_kind: Mapped[str | None] = mapped_column(String(8), nullable=True)
    decided_by_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    result: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    # An approval that ran nothing is a one-time grant; set when an attempt spends it (grants.py).
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class Escalation(Base):
    __tablename__ = "escalations"
    __table_args__ = (
        CheckConstraint("state in ('open','resolved')", name="escalation_state"),
        CheckConstraint("urgency in ('low','normal','high','critical')", name="escalation_urgency"),
        Index("ix_escalations_due", "state", "at_top", "respond_by"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey(_ORG, ondelete="CASCADE"), index=True)
    raised_by_kind: Mapped[str] = mapped_column(String(8))
    raised_by_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    from_seat_id: Mapped[str | None] = mapped_column(ForeignKey("seats.id", ondelete="SET NULL"), nullable=True)
    reason: Mapped[str] = mapped_column(Text)
    needed: Mapped[str] = mapped_column(Text, default="")
    urgency: Mapped[str] = mapped_column(String(8), default="normal")
    link_type: Mapped[str | None] = mapped_column(String(32), nullable=True)
    link_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    holder_seat_id: Mapped[str | None] = mapped_column(ForeignKey("seats.id", ondelete="SET NULL"), nullable=True)
    holder_person_id: Mapped[str | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"),
                                                         nullable=True)
    respond_by: Mapped[datetime] = mapped_column(UTCDateTime)
    hops: Mapped[int] = mapped_column(Integer, default=0)
    path: Mapped[list] = mapped_column(JSON, default=list)  # seat ids held so far, in order
    at_top: Mapped[bool] = mapped_column(default=False)  # nowhere higher to climb: stays
    state: Mapped[str] = mapped_column(String(16), default="open")
    resolution: Mapped[str] = mapped_column(Text, default="")
    resolved_by_kind: Mapped[str | None] = mapped_column(String(8), nullable=True)
    resolved_by_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class LedgerEntry(Base):
    """The autonomy ledger: every change of an agent's level, append-only."""

    __tablename__ = "autonomy_ledger"
    __table_args__ = (Index("ix_ledger_agent", "agent_id", "created_at"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey(_ORG, ondelete="CASCADE"), index=True)
    agent_id: Mapped[str] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"))
    from_level: Mapped[int | None] = mapped_column(Integer, nullable=True)  # None: onboarding
    to_level: Mapped[int] = mapped_column(Integer)
    why: Mapped[str] = mapped_column(Text)
    evidence: Mapped[dict] = mapped_column(JSON, default=dict)
    signed_by_kind: Mapped[str] = mapped_column(String(8))  # person | system
    signed_by_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    incident_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    approval_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class Incident(Base):
    __tablename__ = "governance_incidents"
    __table_args__ = (Index("ix_incidents_agent", "agent_id", "created_at"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey(_ORG, ondelete="CASCADE"), index=True)
    agent_id: Mapped[str] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(24))
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class AgentGuard(Base):
    """Per-agent guard state: loop guard counters and once-a-month budget flags."""

    __tablename__ = "agent_guards"

    agent_id: Mapped[str] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey(_ORG, ondelete="CASCADE"), index=True)
    last_heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_event_id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), default=0)
    idle_heartbeats: Mapped[int] = mapped_column(Integer, default=0)
    warned_month: Mapped[str | None] = mapped_column(String(7), nullable=True)
    breached_month: Mapped[str | None] = mapped_column(String(7), nullable=True)
    budget_check_due: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    evidence_rejections_seen: Mapped[int] = mapped_column(Integer, default=0)


class CostEvent(Base):
    __tablename__ = "agent_costs"
    __table_args__ = (Index("ix_costs_agent_time", "agent_id", "occurred_at"),
                      CheckConstraint("cents >= 0 and tokens >= 0", name="cost_non_negative"))

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey(_ORG, ondelete="CASCADE"), index=True)
    agent_id: Mapped[str] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"))
    tokens: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), default=0)
    cents: Mapped[int] = mapped_column(Integer, default=0)
    model: Mapped[str] = mapped_column(String(120), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class AllowCount(Base):
    """Allows are counted, not stored one by one: per org, action class and UTC day."""

    __tablename__ = "governance_allow_counts"

    org_id: Mapped[str] = mapped_column(ForeignKey(_ORG, ondelete="CASCADE"), primary_key=True)
    action: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[str] = mapped_column(String(10), primary_key=True)
    count: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), default=0)


class GovernanceFlag(Base):
    """One flag raised by the silence and staleness job (otp.governance.silence): at most one per
    (kind, subject, episode, stage) — the unique key is the claim, so two workers flag once."""

    __tablename__ = "governance_flags"
    __table_args__ = (UniqueConstraint("kind", "subject_id", "episode", "stage", name="uq_governance_flag"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey(_ORG, ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))  # silent_agent, missing_value, stale_rock, ping_pong
    subject_id: Mapped[str] = mapped_column(String(40))
    episode: Mapped[str] = mapped_column(String(64))  # what makes it this episode (a time, a period)
    stage: Mapped[int] = mapped_column(Integer, default=1)  # stale rocks: 1 nudge, 2 issue
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
