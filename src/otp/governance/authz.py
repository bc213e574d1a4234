"""The single gate every service mutation passes before it changes anything.

`require(session, actor, action, resource, payload=...)`:

1. the system actor (worker, seeding) passes; so does exactly the held action of an approved
   request while it runs (otp.governance.gate.running_held);
2. token scopes: `read` for reads, `write` for every mutation, `admin` for the administrative
   classes (and, for people, the owner or admin role behind it);
3. otp.governance.decide with the actor's governance view (level, status, role, seats and their
   ancestors) and the stored policy of the organization (compiled once per policy version), both
   kept per process within the organization's governance epoch (otp.events.epoch), so never
   staler than the last committed change by any process:
   allow → return (counted in memory, flushed by the worker; no row per allow);
   deny  → Forbidden naming the rule (a governance.denied event is written after the rollback);
   ask   → unless an approved one-time grant covers it (otp.governance.grants: the actor asked
           first and a human said yes), ApprovalRequired (HTTP 202): after the rollback an
           ApprovalRequest holds the action and `payload` — the exact keyword arguments of the
           service registered for `action` in otp.commands, so approving can run it later as
           the requester.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.core import telemetry
from otp.core.errors import Forbidden
from otp.governance import gate, grants, limits
from otp.governance.decide import decide
from otp.governance.model import Decision
from otp.governance.store import policy_for

# Actions that administer the organization rather than do its work: they need the admin scope.
ADMIN_ACTIONS = frozenset({
    "token.manage", "person.manage", "org.settings", "policy.change", "agent.manage",
    "agent.level.change", "budget.change", "seat.change", "runtime.configure",
})


def require(session: Session, actor: Actor, action: str, resource: dict | None = None, *,
            payload: dict | None = None) -> None:
    """`resource` uses the field names of otp.governance Resource (type, id, owner_seat_id,
    outcome_id, target_agent_id, target_person_id, amount_cents, channel, ...); other keys are
    ignored. Raises Forbidden (deny) or ApprovalRequired (ask); returns on allow."""
    if actor.kind == "system" or gate.is_held(actor, action):
        return
    check_scope(actor, action)
    if action == "read":
        return  # reads need only the scope; paused agents may read and retired ones hold no token
    if actor.kind not in ("person", "agent"):
        raise Forbidden("unknown actor kind")
    decision = evaluate(session, actor, action, resource)
    if decision.effect == "allow":
        gate.count_allow(session, actor.org_id, action)
        if actor.kind == "agent":
            limits.at_gate(session, actor, action, resource, payload)  # floods and ping-pong
        return
    if decision.effect == "deny":
        raise gate.Denied(actor, action, decision, resource)
    if grants.use(session, actor, action, resource) is not None:
        return  # a human already said yes to exactly this, once
    raise gate.Held(actor, action, decision, resource, payload)


def refuse_if_denied(session: Session, actor: Actor, action: str, resource: dict | None = None) -> None:
    """For a write that would change nothing: answer 403 to whoever may not do it at all (an
    observer, a paused agent), without opening an approval or recording a no-op."""
    if actor.kind == "system" or gate.is_held(actor, action):
        return
    check_scope(actor, action)
    if actor.kind not in ("person", "agent"):
        raise Forbidden("unknown actor kind")
    decision = evaluate(session, actor, action, resource)
    if decision.effect == "deny":
        raise Forbidden(f"{decision.reason} (rule {decision.rule})", code="governance_denied")


def evaluate(session: Session, actor: Actor, action: str, resource: dict | None = None) -> Decision:
    """The governance decision alone (no token scopes, nothing raised or recorded): what
    `require` would decide, and what the dry-run endpoint reports. With tracing on, one span per
    decision (otp.core.telemetry.decision); `decide` itself stays pure, since the briefing's
    authority map and approval routing also call it for what-ifs that are no one's action."""
    if telemetry.ENABLED:
        with telemetry.decision(action, actor) as span:
            decision = _evaluate(session, actor, action, resource)
            span.set({"otp.decision.effect": decision.effect, "otp.decision.rule": decision.rule})
            return decision
    return _evaluate(session, actor, action, resource)


def _evaluate(session: Session, actor: Actor, action: str, resource: dict | None) -> Decision:
    who = gate.governance_actor(session, actor)
    if who.kind == "person" and action in ADMIN_ACTIONS and who.role not in ("owner", "admin") \
            and not _own_tokens(who, action, resource):
        policy_for(session, actor.org_id).action_class(action)  # unknown actions still raise
        return Decision("deny", f"role:{who.role}", f"{action} needs the owner or admin role")
    return decide(policy_for(session, actor.org_id), who, action, gate.to_resource(session, actor.org_id, resource))


def _own_tokens(who, action: str, resource: dict | None) -> bool:
    """A member managing their own API tokens: ordinary work, left to the role table (decide)."""
    return action == "token.manage" and bool(resource) \
        and gate.resource_fields(resource).get("target_person_id") == who.id


def check_scope(actor: Actor, action: str) -> None:
    """Token scopes only: what the credential may do, before asking what the actor may do."""
    if action == "read":
        if "read" not in actor.scopes:
            raise Forbidden("this token lacks the read scope")
        return
    if "write" not in actor.scopes:
        raise Forbidden(f"this token lacks the write scope needed for {action}")
    if action in ADMIN_ACTIONS and "admin" not in actor.scopes:
        raise Forbidden(f"{action} needs a token with the admin scope")
