"""REST face of governance: the policy (read, edit), decision dry runs, external declarations,
approvals and escalations. Agent-centred routes (ledger, pause, budget, costs, heartbeat) are in
api_agents.py, API tokens in api_tokens.py, and included from here."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from otp.api.deps import ActorDep, DbDep, no_unknown_query
from otp.api.errors import READ, READ_ONE, WRITE, responses
from otp.governance.authz import require
from otp.governance import approvals, dry_run, escalations, external, policy_edit, policy_preview, store
from otp.governance.api_agents import router as router_agents  # noqa: F401 - discovered by name
from otp.governance.api_stop_switch import router as router_stop_switch  # noqa: F401 - discovered by name
from otp.governance.api_tokens import router as router_tokens  # noqa: F401 - discovered by name
from otp.governance.matrix import LEVEL_NAMES
from otp.governance.roles import EDITABLE_ROLES, role_table
from otp.governance.schemas import (ApprovalOut, ApproveIn, CheckIn, CheckOut, DeclareIn, DeclareOut, EscalationIn,
                                    EscalationOut, MatrixCell, MatrixOut, PolicyOut, PolicyPreviewOut, PolicyUpdate,
                                    RejectIn, ResolveIn, RoleCell, RolesOut, may_ask)

router = APIRouter(prefix="/api/v1", tags=["governance"], dependencies=[Depends(no_unknown_query)])


# ----------------------------------------------------------------------------- policy
@router.get("/governance/policy", responses=responses(*READ))
def get_policy(actor: ActorDep, db: DbDep) -> PolicyOut:
    """The organization's stored policy edits (the defaults apply where it says nothing)."""
    with db.read() as s:
        require(s, actor, "read")
        return PolicyOut(**store.document(s, actor.org_id))


@router.patch("/governance/policy", responses=may_ask(*WRITE))
def update_policy(body: PolicyUpdate, actor: ActorDep, db: DbDep) -> PolicyOut:
    """Replace the sections given. Needs policy.change (owners and admins; never agents)."""
    sections = body.model_dump(exclude_unset=True, exclude_none=True)
    if not sections:  # nothing to change is not an edit: no version, no event — but still governed
        with db.read() as s:
            require(s, actor, "policy.change", {"type": "policy", "id": actor.org_id}, payload={})
            return PolicyOut(**store.document(s, actor.org_id))
    with db.write() as s:
        return PolicyOut(**policy_edit.update_policy(s, actor, **sections))


@router.post("/governance/policy/preview", responses=responses(*WRITE))
def preview_policy(body: PolicyUpdate, actor: ActorDep, db: DbDep) -> PolicyPreviewOut:
    """What the edit would change, for whom (agents and members gaining or losing action classes,
    spend limits), without saving it. Send the same body to PATCH /governance/policy to apply it."""
    with db.read() as s:
        return PolicyPreviewOut(**policy_preview.preview(s, actor, body.model_dump(exclude_unset=True,
                                                                                   exclude_none=True)))


@router.get("/governance/matrix", responses=responses(*READ))
def get_matrix(actor: ActorDep, db: DbDep) -> MatrixOut:
    """The effective level matrix: every action class × level 1–8."""
    with db.read() as s:
        require(s, actor, "read")
        policy = store.policy_for(s, actor.org_id)
        return MatrixOut(version=store.version_of(s, actor.org_id), levels=dict(LEVEL_NAMES),
                         actions=policy.matrix.as_table(), scopes=dict(policy.matrix.scopes))


@router.post("/governance/matrix", responses=may_ask(*WRITE))
def set_matrix_cell(body: MatrixCell, actor: ActorDep, db: DbDep) -> PolicyOut:
    """Set one cell of the level matrix."""
    with db.write() as s:
        return PolicyOut(**policy_edit.set_cell(s, actor, level=body.level, action=body.action, effect=body.effect))


@router.get("/governance/roles", responses=responses(*READ))
def get_roles(actor: ActorDep, db: DbDep) -> RolesOut:
    """The effective person-role table: every role × action class (owners and observers locked)."""
    with db.read() as s:
        require(s, actor, "read")
        policy = store.policy_for(s, actor.org_id)
        table = role_table(policy.catalog, policy.role_overrides)
        return RolesOut(version=store.version_of(s, actor.org_id), roles={r: dict(t) for r, t in table.items()},
                        editable=list(EDITABLE_ROLES))


@router.post("/governance/roles", responses=may_ask(*WRITE))
def set_role_cell(body: RoleCell, actor: ActorDep, db: DbDep) -> PolicyOut:
    """Set one cell of the person-role table, as the level matrix's cells are set."""
    with db.write() as s:
        return PolicyOut(**policy_edit.set_role_cell(s, actor, role=body.role, action=body.action,
                                                     effect=body.effect))


@router.post("/governance/check", responses=responses(*WRITE))
def check(body: CheckIn, actor: ActorDep, db: DbDep) -> CheckOut:
    """A dry run: what governance would answer, and who would be asked. Changes nothing."""
    with db.read() as s:
        return CheckOut(**dry_run.check(s, actor, body.action, agent_id=body.agent_id,
                                        resource=body.model_dump(exclude={"action", "agent_id"})))


@router.post("/governance/declare", responses=may_ask(*WRITE))
def declare(body: DeclareIn, actor: ActorDep, db: DbDep) -> DeclareOut:
    """Declare an external action before doing it: 200 go ahead, 202 held for approval, 403 refused."""
    with db.write() as s:
        return DeclareOut(**external.declare(s, actor, **body.model_dump()))


# ----------------------------------------------------------------------------- approvals
@router.get("/approvals", tags=["approvals"], responses=responses(*READ))
def approval_inbox(actor: ActorDep, db: DbDep,
                   requested: bool = Query(False, description="true: the requests you made instead"),
                   limit: int = Query(100, ge=1, le=500)) -> list[ApprovalOut]:
    """Open requests waiting for your answer, soonest deadline first."""
    with db.read() as s:
        require(s, actor, "read")
        rows = approvals.mine(s, actor)[:limit] if requested else approvals.inbox(s, actor, limit=limit)
        return [ApprovalOut.of(r, s) for r in rows]


@router.get("/approvals/{approval_id}", tags=["approvals"], responses=responses(*READ_ONE))
def get_approval(approval_id: str, actor: ActorDep, db: DbDep) -> ApprovalOut:
    with db.read() as s:
        require(s, actor, "read")
        return ApprovalOut.of(approvals.get(s, actor, approval_id), s)


@router.post("/approvals/{approval_id}/approve", tags=["approvals"], responses=may_ask(*WRITE))
def approve(approval_id: str, actor: ActorDep, db: DbDep, body: ApproveIn | None = None) -> ApprovalOut:
    """Approve: the held action runs now, as the requester, exactly once."""
    with db.write() as s:
        return ApprovalOut.of(approvals.decide_request(s, actor, approval_id=approval_id, approve=True,
                                                       reason=body.reason if body else ""), s)


@router.post("/approvals/{approval_id}/reject", tags=["approvals"], responses=may_ask(*WRITE))
def reject(approval_id: str, body: RejectIn, actor: ActorDep, db: DbDep) -> ApprovalOut:
    with db.write() as s:
        return ApprovalOut.of(approvals.decide_request(s, actor, approval_id=approval_id, approve=False,
                                                       reason=body.reason), s)


# ----------------------------------------------------------------------------- escalations
@router.post("/escalations", status_code=201, tags=["escalations"], responses=may_ask(*WRITE))
def raise_escalation(body: EscalationIn, actor: ActorDep, db: DbDep) -> EscalationOut:
    """Ask the nearest human above you for input; it climbs the chart if nobody answers in time."""
    with db.write() as s:
        link = body.link
        return EscalationOut.of(escalations.raise_escalation(
            s, actor, reason=body.reason, urgency=body.urgency, needed=body.needed,
            link_type=link.type if link else None, link_id=link.id if link else None))


@router.get("/escalations", tags=["escalations"], responses=responses(*READ))
def list_escalations(actor: ActorDep, db: DbDep, state: str | None = Query("open", pattern="^(open|resolved)$"),
                     mine: bool = Query(False, description="only those you hold or raised")) -> list[EscalationOut]:
    with db.read() as s:
        require(s, actor, "read")
        return [EscalationOut.of(e) for e in escalations.list_escalations(s, actor, state=state, mine=mine)]


@router.post("/escalations/{escalation_id}/resolve", tags=["escalations"], responses=may_ask(*WRITE))
def resolve_escalation(escalation_id: str, body: ResolveIn, actor: ActorDep, db: DbDep) -> EscalationOut:
    with db.write() as s:
        return EscalationOut.of(escalations.resolve(s, actor, escalation_id=escalation_id,
                                                    resolution=body.resolution))
