"""REST shapes of the governance runtime (pydantic; separate from the ORM models)."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool
from typing_extensions import Annotated

from otp.api.errors import responses
from otp.core.links import LinkType
from otp.governance.models import URGENCIES, ApprovalRequest, Escalation, LedgerEntry
from otp.org.schemas import Id, Int, Str, Strict, keys_by_pattern

PATTERN_KEYS = ConfigDict(json_schema_extra=keys_by_pattern)
Effect = Literal["allow", "ask", "deny"]
ActionName = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[a-z*][a-z0-9_.*]*$")]
# Str (org.schemas) keeps NUL out in the schema itself: PostgreSQL text cannot hold it.
Reason = Str(2000, required_text=True, min_length=1)
Note = Str(2000)
LongText = Str(4000, required_text=True, min_length=1)
Name = Str(64, required_text=True, min_length=1)
Urgency = Literal[URGENCIES]  # type: ignore[valid-type]


class AskBody(BaseModel):
    code: str
    message: str
    field: str | None = None
    approval_id: str | None
    approver: dict | None


class AskResponse(BaseModel):
    error: AskBody


def may_ask(*codes: int) -> dict:
    """Responses of a governed write: its errors plus 202 (held for approval)."""
    return {**responses(*codes), 202: {"model": AskResponse,
                                       "description": "Governance asks: an approval request holds the action"}}


# ----------------------------------------------------------------------------- policy
class Condition(Strict):
    field: Name
    op: Literal[">", ">=", "<", "<=", "==", "!=", "in", "not_in"]
    value: Any


class HardDenyIn(Strict):
    id: Name
    actions: Annotated[list[ActionName], Field(min_length=1, max_length=100)]
    applies_to: Literal["agents", "everyone"] = "agents"
    when: Annotated[list[Condition], Field(max_length=20)] = []
    reason: Note = ""


class MatrixCell(Strict):
    level: Int(1, 8)
    action: ActionName
    effect: Effect


class RoleCell(Strict):
    """One cell of the person-role table (owners and observers are locked)."""
    role: Literal["admin", "member"]
    action: ActionName
    effect: Effect


class RolesOut(BaseModel):
    version: int
    roles: dict[str, dict[str, str]]
    editable: list[str]


class GrantIn(Strict):
    outcome_id: Id
    seat_id: Id
    action: ActionName
    effect: Effect = "allow"


class SeatOverrideIn(Strict):
    seat_id: Id
    action: ActionName
    effect: Effect


class ClassIn(Strict):
    name: ActionName
    description: Note = ""
    reversible: StrictBool = True
    impact: Literal["low", "medium", "high"] = "medium"
    external: StrictBool = False
    writes: StrictBool = True


class SpendLimitsIn(Strict):
    model_config = PATTERN_KEYS
    per_action: dict[ActionName, Int(0, 10**12)] = {}
    per_level: dict[Literal["1", "2", "3", "4", "5", "6", "7", "8"], Int(0, 10**12)] = {}


class PolicyUpdate(Strict):
    """Each section given replaces the stored one; sections left out stay as they are."""
    model_config = PATTERN_KEYS
    classes: Annotated[list[ClassIn], Field(max_length=200)] | None = None
    matrix: Annotated[list[MatrixCell], Field(max_length=2000)] | None = None
    roles: Annotated[list[RoleCell], Field(max_length=2000)] | None = None
    scopes: dict[ActionName, Literal["own", "below", "own_or_below"] | None] | None = None
    hard_deny: Annotated[list[HardDenyIn], Field(max_length=1000)] | None = None
    grants: Annotated[list[GrantIn], Field(max_length=5000)] | None = None
    seat_overrides: Annotated[list[SeatOverrideIn], Field(max_length=5000)] | None = None
    spend_limits: SpendLimitsIn | None = None
    channel_allowlist: Annotated[list[Str(200, required_text=True, min_length=1)],
                                 Field(max_length=500)] | None = None


class PolicyOut(BaseModel):
    version: int
    classes: list[dict]
    matrix: list[dict]
    roles: list[dict] = []
    scopes: dict
    hard_deny: list[dict]
    grants: list[dict]
    seat_overrides: list[dict]
    spend_limits: dict
    channel_allowlist: list[str]


class MatrixOut(BaseModel):
    version: int
    levels: dict[int, str]
    actions: dict[str, dict[int, str]]
    scopes: dict[str, str]


class CheckIn(Strict):
    action: ActionName
    agent_id: Id | None = Field(None, description="Decide for this agent instead of yourself")
    owner_seat_id: Id | None = None
    outcome_id: Id | None = None
    target_agent_id: Id | None = None
    target_person_id: Id | None = None
    amount_cents: Int(0, 10**12) | None = None
    channel: Str(200, required_text=True, min_length=1) | None = None


class CheckOut(BaseModel):
    effect: Effect
    rule: str
    reason: str
    approver: dict | None


Channel = Str(200, required_text=True, min_length=1)
Cents = Int(0, 10**12)


class _Declare(Strict):
    amount_cents: Cents | None = None
    channel: Channel | None = None
    environment: Name | None = None
    description: Str(4000) = ""


class DeclareCommunicate(_Declare):
    action: Literal["external.communicate"]
    channel: Channel  # where it goes decides the allow-list check


class DeclareSpend(_Declare):
    action: Literal["external.spend"]
    amount_cents: Cents  # how much decides the spend limit


class DeclareOther(_Declare):
    action: Literal["data.delete", "deploy"]


# The schema itself says what each class needs, so a well-formed body is never refused as malformed.
DeclareIn = Annotated[DeclareCommunicate | DeclareSpend | DeclareOther, Field(discriminator="action")]


class DeclareOut(BaseModel):
    action: str
    authorized: bool
    event_id: int


# ----------------------------------------------------------------------------- approvals
class ApprovalOut(BaseModel):
    id: str
    requester: dict
    action: str
    payload: dict | None
    question: str = Field(description="The whole question in one line: who, what action, on what, how much, "
                                      "why, what a yes allows and for how long, whether it can be undone")
    asked: str = Field(description="The question as it was stored when the request was opened")
    options: list[str]
    recommended: str
    reversible: bool
    rule: str
    deadline: datetime
    approver_seat_id: str | None
    approver_person_id: str | None
    hops: int
    state: str
    decision: str | None
    reason: str
    note: str = Field(description="The approver's note to the requester (the same text as reason)")
    decided_by: dict | None
    decided_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, r: ApprovalRequest, session=None) -> "ApprovalOut":
        from otp.governance.question import line
        return cls(id=r.id, requester={"kind": r.requester_kind, "id": r.requester_id, "seat_id": r.requester_seat_id},
                   action=r.action, payload=r.payload, question=line(session, r) if session is not None else r.question,
                   asked=r.question, note=r.reason, options=list(r.options),
                   recommended=r.recommended, reversible=r.reversible, rule=r.rule, deadline=r.deadline,
                   approver_seat_id=r.approver_seat_id, approver_person_id=r.approver_person_id, hops=r.hops,
                   state=r.state, decision=r.decision, reason=r.reason,
                   decided_by={"kind": r.decided_by_kind, "id": r.decided_by_id} if r.decided_by_kind else None,
                   decided_at=r.decided_at, created_at=r.created_at)


class RejectIn(Strict):
    reason: Reason


class ApproveIn(Strict):
    reason: Note = ""


# ----------------------------------------------------------------------------- escalations
class LinkIn(Strict):
    type: LinkType
    id: Str(40, required_text=True, min_length=1)


class EscalationIn(Strict):
    reason: LongText
    urgency: Urgency = "normal"
    needed: Str(4000) = ""
    link: LinkIn | None = Field(None, description="What the escalation is about (an outcome, an issue, ...)")


class ResolveIn(Strict):
    resolution: LongText


class EscalationOut(BaseModel):
    id: str
    raised_by: dict
    from_seat_id: str | None
    reason: str
    needed: str
    urgency: str
    holder_seat_id: str | None
    holder_person_id: str | None
    respond_by: datetime
    hops: int
    path: list[str]
    at_top: bool
    state: str
    resolution: str
    resolved_by: dict | None
    resolved_at: datetime | None
    created_at: datetime
    link: dict | None = Field(None, description="What the escalation is about: {type, id}, when it names something")

    @classmethod
    def of(cls, e: Escalation) -> "EscalationOut":
        return cls(id=e.id, raised_by={"kind": e.raised_by_kind, "id": e.raised_by_id}, from_seat_id=e.from_seat_id,
                   reason=e.reason, needed=e.needed, urgency=e.urgency, holder_seat_id=e.holder_seat_id,
                   holder_person_id=e.holder_person_id, respond_by=e.respond_by, hops=e.hops, path=list(e.path or []),
                   at_top=e.at_top, state=e.state, resolution=e.resolution,
                   resolved_by={"kind": e.resolved_by_kind, "id": e.resolved_by_id} if e.resolved_by_kind else None,
                   resolved_at=e.resolved_at, created_at=e.created_at,
                   link={"type": e.link_type, "id": e.link_id} if e.link_type else None)


# ----------------------------------------------------------------------------- agents
class LedgerOut(BaseModel):
    id: str
    from_level: int | None
    to_level: int
    why: str
    evidence: dict
    signed_by: dict
    incident_id: str | None
    approval_id: str | None
    created_at: datetime

    @classmethod
    def of(cls, e: LedgerEntry) -> "LedgerOut":
        return cls(id=e.id, from_level=e.from_level, to_level=e.to_level, why=e.why, evidence=e.evidence or {},
                   signed_by={"kind": e.signed_by_kind, "id": e.signed_by_id}, incident_id=e.incident_id,
                   approval_id=e.approval_id, created_at=e.created_at)


class LevelChangeIn(Strict):
    why: Reason
    to_level: Int(1, 8) | None = Field(None, description="Default: one level up (promote) or down (demote)")
    override: StrictBool = Field(False, description="Promote although the agent is not eligible, or by more than "
                                                    "one level; needs a reason, is marked on the ledger and "
                                                    "told to the person above you")
    reason: Note | None = Field(None, description="Why the override (required with override)")


class StatusChangeIn(Strict):
    reason: Note = ""


class BudgetIn(Strict):
    monthly_budget_cents: Int(0, 2**31 - 1) | None  # a 32-bit INTEGER column


class CostIn(Strict):
    cents: Int(0, 10**9)
    tokens: Int(0, 10**12) = 0
    model: Str(120) = ""
    note: Note = ""
    occurred_at: datetime | None = Field(None, description="When the cost was incurred (agents report in batches): "
                                                            "within the current or the previous month, not ahead; "
                                                            "default now")


class OrgBudgetOut(BaseModel):
    """All agents' spend this month against the organization's cap (None: no cap)."""
    month: str
    spent_cents: int
    cap_cents: int | None
    warning_percent: float
    status: Literal["ok", "warning", "breached"]


class PauseAllIn(Strict):
    reason: LongText  # why every agent stops: required, shown on the agents page and in the event


class ResumeAllIn(Strict):
    reason: Note = ""


class StopSwitchOut(BaseModel):
    """The organization's stop switch and its monthly budget cap."""
    paused: bool
    paused_at: datetime | None
    reason: str | None
    paused_by: str | None  # a person id; None when the budget cap paused (the system)
    budget: OrgBudgetOut


class CostReportOut(BaseModel):
    id: str
    spent_cents: int
    budget_cents: int | None
    month: str
    status: str
    organization: OrgBudgetOut


class CostItemOut(BaseModel):
    id: str
    cents: int
    tokens: int
    model: str
    note: str
    occurred_at: datetime


class CostsOut(BaseModel):
    agent_id: str
    month: str
    spent_cents: int
    budget_cents: int | None
    items: list[CostItemOut]


class HeartbeatIn(Strict):
    note: Note | None = None


class HeartbeatOut(BaseModel):
    agent_id: str
    status: str
    level: int
    idle_heartbeats: int
    limit: int
    tripped: bool
    at: datetime


class PolicyPreviewOut(BaseModel):
    """What a policy edit would change (nothing is saved): see otp.governance.policy_preview."""
    version: int = Field(description="The policy version the preview was made against")
    sections: dict
    cells: list[dict] = Field(description="Matrix cells that change: level, level_name, action, old, new")
    rules: list[dict] = Field(description="Hard-deny rules, seat overrides and spend limits that change")
    people: list[dict] = Field(description="Agents and members who gain or lose action classes or spend limits")
    changes_anything: bool
