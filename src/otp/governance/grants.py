"""One-time grants: an approved request that held nothing to run.

An agent that asks first (MCP `request_approval`, or any request opened without a runnable
payload) gets an approval that runs nothing; the approver's yes means "you may do it". So when
the gate would ask again for that action, an approved, unused grant of the same requester for
the same action — whose resource fields all match the attempt — lets exactly one attempt
through. It is claimed with one conditional UPDATE (still unused → rowcount 1) in the attempt's
own transaction: a rolled-back attempt leaves it unused, and two concurrent attempts cannot both
spend it. A grant is good for `approval_grant_hours` after the decision.

Only `ask` reaches this: a deny (a hard deny, a paused agent, a demotion below the action) is
never turned into an allow by an old approval.
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.core import clock
from otp.core.errors import Invalid
from otp.governance import settings
from otp.governance.model import resource_fields
from otp.governance.models import ApprovalRequest


def covers(granted: dict, attempted: dict) -> bool:
    """Every field the grant names holds for the attempt (an amount up to the granted one)."""
    want, have = resource_fields(granted), resource_fields(attempted)
    for key, value in want.items():
        if key == "type":
            continue
        if key == "amount_cents":
            if not isinstance(have.get(key), int) or have[key] > value:
                return False
        elif have.get(key) != value:
            return False
    return True


# The fields that pin a grant to a target; a grant naming none of them would let its holder act
# on anything in the organization once, which no approver can weigh from a question alone.
TARGETS = ("owner_seat_id", "outcome_id", "target_agent_id")


def scope(resource: dict, name=None) -> list[str]:
    """What a grant is pinned to, in words: its targets, the amount it goes up to, the channel.
    `name(field, value)` turns an id into what people read (default: the field and the id)."""
    fields = resource_fields(resource)
    name = name or (lambda key, value: f"{key} {value}")
    parts = [name(k, fields[k]) for k in TARGETS if fields.get(k)]
    if fields.get("amount_cents") is not None:
        parts.append(f"up to {name('amount_cents', fields['amount_cents'])}")
    if fields.get("channel"):
        parts.append(f"channel {fields['channel']}")
    return parts


GRANT_HOURS = "approval_grant_hours"  # the setting: how long a yes to a one-time grant stays good


def hours(session: Session, org_id: str) -> float:
    """How long a yes stays good for an approval that holds nothing to run."""
    return settings.get(session, org_id, GRANT_HOURS)


def allows(who: str, action: str, parts: list[str], within: float) -> str:
    """The one wording of what a yes to a one-time grant lets its requester do."""
    where = f", for {', '.join(parts)}" if parts else ""
    return f"If approved, {who} may do {action} once{where}, within {within:g} hours."


def question(session: Session, actor: Actor, action: str, resource: dict, asked: str) -> str:
    """The approver's question: the requester's words, then exactly what a yes lets it do. Refuses
    (naming owner_seat_id) a grant that names no target."""
    fields = resource_fields(resource)
    if not any(fields.get(k) for k in TARGETS):
        raise Invalid("name what the action is for (owner_seat_id, outcome_id or target_agent_id): an approval "
                      "for any target is never granted", field="owner_seat_id")
    parts = scope(resource, lambda key, value: f"{value} cents" if key == "amount_cents" else f"{key} {value}")
    return f"{asked}\n\n{allows(actor.name or actor.kind, action, parts, hours(session, actor.org_id))}"


def use(session: Session, actor: Actor, action: str, resource: dict | None) -> str | None:
    """Spend one matching grant for this attempt; its approval id, or None if there is none."""
    now = clock.now()
    since = now - timedelta(hours=hours(session, actor.org_id))
    rows = session.execute(select(ApprovalRequest).where(
        ApprovalRequest.org_id == actor.org_id, ApprovalRequest.requester_kind == actor.kind,
        ApprovalRequest.requester_id == actor.id, ApprovalRequest.action == action,
        ApprovalRequest.state == "approved", ApprovalRequest.used_at.is_(None),
        ApprovalRequest.decided_at >= since).order_by(ApprovalRequest.decided_at, ApprovalRequest.id)).scalars().all()
    for grant in rows:
        if (grant.result or {}).get("ran") is not False or not covers(grant.resource or {}, resource or {}):
            continue
        claimed = session.execute(update(ApprovalRequest).where(
            ApprovalRequest.id == grant.id, ApprovalRequest.used_at.is_(None)).values(used_at=now)
            .execution_options(synchronize_session=False)).rowcount
        if claimed == 1:
            from otp.events.service import record
            record(session, actor, "approval.used", "approval", grant.id, {"action": action})
            return grant.id
    return None
