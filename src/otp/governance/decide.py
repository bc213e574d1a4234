"""`decide`: the one policy decision every action of every actor passes before it happens.

Order of evaluation (first match wins; later steps never loosen an earlier denial):

1. **Organization**: an actor (or resource) of another org than the policy → deny ``org_mismatch``.
2. **Agent status**: a retired agent may do nothing (``agent_retired``); while the
   organization's stop switch is on, every agent may read and every write is denied
   (``stop_switch``); a paused agent may read, every write is denied (``agent_paused``).
3. **Structural self-protection**, regardless of anything else (``self_protection:*``):
   nobody approves their own request (``own_request``) or accepts their own outcome
   (``own_review``); an agent never changes its own level (``own_level``), budget
   (``own_budget``) or agent record (``own_agent`` — it cannot un-pause itself), never changes
   policy (``policy``), and never approves a request whose held action would do any of those to
   itself. Missing identifying fields fail closed (deny).
4. **Locked classes** for agents (``agent_never:<action>``): policy.change, agent.level.change,
   token.manage, person.manage, org.settings.
5. **Hard-deny rules** (``hard_deny:<id>``): rules for 'agents' or 'everyone'; no grant, override,
   level or role outranks them.
6. People: the **role table** (``role:<role>``); members may additionally be restricted by
   outcome grants / seat overrides. People are not subject to the steps below.
7. **Outcome grants** (``outcome_grant:<id>``) for ``resource.outcome_id`` and the actor's seats.
8. **Seat overrides** (``seat_override:<id>``) for the actor's seats.
9. **Level matrix** (``matrix:L<n>:<action>``), narrowed by the action's scope
   (``matrix_scope:L<n>:<action>`` → ask). An ``approval.decide`` allowed by 7–9 is narrowed by
   the approver's own authority over the held action (``approval_authority:<action>`` or the
   held action's hard-deny rule → deny).
10. **Ceilings** on any agent ``allow`` from 7–9: the spend limit (``spend_limit:<id>`` → ask when
    over the limit or when the amount is unknown) and the channel allow-list
    (``channel_allowlist`` → ask for a channel not on it). The brief lists spend limits between
    overrides and the matrix; they are applied as a ceiling instead so that a grant or override
    that allows spending still cannot spend over the limit ("asks only for ... spend over limit").

`decide` is pure and allocation-light: static decisions are pre-built at compile time and
returned as shared instances. An unknown action raises :class:`UnknownActionError`.
"""
from __future__ import annotations

from bisect import bisect_left
from typing import Any, Mapping

from .catalog import UnknownActionError
from .model import Actor, Decision, Resource
from .policy import (SP_AGENT, SP_APPROVAL, SP_BUDGET, SP_LEVEL, SP_NONE, SP_POLICY, SP_REVIEW, Plan,
                     PolicySet)

ORG_MISMATCH = Decision("deny", "org_mismatch", "the actor belongs to another organization")
AGENT_PAUSED = Decision("deny", "agent_paused", "the agent is paused: it may read, but every write is denied")
AGENT_RETIRED = Decision("deny", "agent_retired", "the agent is retired and may not act")
STOP_SWITCH = Decision("deny", "stop_switch",
                       "the organization paused all agents (stop switch): they may read, but every write is denied")
OWN_REQUEST = Decision("deny", "self_protection:own_request", "nobody approves their own request")
UNKNOWN_REQUESTER = Decision("deny", "self_protection:own_request",
                             "approval.decide needs resource.requester_id to rule out approving one's own request")
OWN_REVIEW = Decision("deny", "self_protection:own_review",
                      "an outcome is accepted by a reviewer who is not its owner")
UNKNOWN_OWNER = Decision("deny", "self_protection:own_review",
                         "outcome.complete needs resource.owner_seat_id to rule out accepting one's own outcome")
OWN_LEVEL = Decision("deny", "self_protection:own_level", "an agent never changes its own level")
OWN_BUDGET = Decision("deny", "self_protection:own_budget", "an agent never changes its own budget")
OWN_AGENT = Decision("deny", "self_protection:own_agent",
                     "an agent never manages its own agent record (pause, resume, configure)")
POLICY = Decision("deny", "self_protection:policy", "an agent never changes policy")
UNKNOWN_AMOUNT = Decision("ask", "spend_limit:unknown_amount", "the amount is unknown; a human must approve the spend")
CHANNEL = Decision("ask", "channel_allowlist", "the channel is not on the organization's allow-list")

_AGENT_SELF = {SP_LEVEL: OWN_LEVEL, SP_BUDGET: OWN_BUDGET, SP_AGENT: OWN_AGENT}
_HELD_SELF_KIND = {"agent.level.change": SP_LEVEL, "budget.change": SP_BUDGET, "agent.manage": SP_AGENT,
                   "policy.change": SP_POLICY}


def decide(policy: PolicySet, actor: Actor, action: str, resource: Resource | None = None,
           context: Mapping[str, Any] | None = None) -> Decision:
    """Decide whether ``actor`` may perform ``action`` on ``resource`` now: allow, ask or deny.

    ``context`` carries request facts that hard-deny conditions may test (looked up before the
    resource's attributes). Raises :class:`UnknownActionError` (a ValueError) for an action
    class that is not in the policy's catalogue.
    """
    plan = policy.plans.get(action)
    if plan is None:
        raise UnknownActionError(action)
    if policy.org_id is not None and actor.org_id != policy.org_id:
        return ORG_MISMATCH
    if resource is not None and resource.org_id is not None and resource.org_id != actor.org_id:
        return ORG_MISMATCH
    if actor.kind == "agent":
        return _decide_agent(policy, plan, actor, resource, context)
    return _decide_person(plan, actor, resource, context)


def _structural(plan: Plan, actor: Actor, resource: Resource | None, is_agent: bool) -> Decision | None:
    kind = plan.self_kind
    if kind == SP_APPROVAL:
        if resource is None or resource.requester_id is None:
            return UNKNOWN_REQUESTER
        if resource.requester_id == actor.id and resource.requester_kind in (None, actor.kind):
            return OWN_REQUEST
        if is_agent:
            held = _HELD_SELF_KIND.get(resource.held_action)  # type: ignore[arg-type]
            if held == SP_POLICY:
                return POLICY
            if held is not None and (resource.target_agent_id is None or resource.target_agent_id == actor.id):
                return _AGENT_SELF[held]
        return None
    if kind == SP_REVIEW:
        if resource is None or resource.owner_seat_id is None:
            return UNKNOWN_OWNER
        return OWN_REVIEW if resource.owner_seat_id in actor.seat_ids else None
    if not is_agent:
        return None
    if kind == SP_POLICY:
        return POLICY
    # SP_LEVEL, SP_BUDGET, SP_AGENT: acting on oneself (or on an unknown target)
    if resource is None or resource.target_agent_id is None or resource.target_agent_id == actor.id:
        return _AGENT_SELF[kind]
    return None


def _explicit(plan: Plan, actor: Actor, resource: Resource | None) -> Decision | None:
    """Outcome grant, else seat override, for the actor's seats (most restrictive if several)."""
    found: Decision | None = None
    if plan.grants and resource is not None and resource.outcome_id is not None:
        by_seat = plan.grants.get(resource.outcome_id)
        if by_seat:
            for seat in actor.seat_ids:
                d = by_seat.get(seat)
                if d is not None and (found is None or _rank(d) > _rank(found)):
                    found = d
            if found is not None:
                return found
    if plan.overrides:
        overrides = plan.overrides
        for seat in actor.seat_ids:
            d = overrides.get(seat)
            if d is not None and (found is None or _rank(d) > _rank(found)):
                found = d
    return found


def _rank(d: Decision) -> int:
    e = d.effect
    return 0 if e == "allow" else 1 if e == "ask" else 2


def _in_scope(scope: str, actor: Actor, resource: Resource | None) -> bool:
    if resource is None or resource.owner_seat_id is None:
        return False
    seats = actor.seat_ids
    if scope != "below" and resource.owner_seat_id in seats:
        return True
    if scope != "own":
        return not seats.isdisjoint(resource.owner_seat_ancestor_ids)
    return False


def _decide_agent(policy: PolicySet, plan: Plan, actor: Actor, resource: Resource | None,
                  context: Mapping[str, Any] | None) -> Decision:
    status = actor.status
    if status != "active" or actor.org_stopped:
        if status == "retired":
            return AGENT_RETIRED
        if plan.writes:
            return STOP_SWITCH if actor.org_stopped else AGENT_PAUSED
    if plan.self_kind != SP_NONE:
        d = _structural(plan, actor, resource, True)
        if d is not None:
            return d
    if plan.never is not None:
        return plan.never
    hard = plan.hard_agents
    if hard is not None:
        threshold = plan.amount_threshold
        if threshold is not None and not context and resource is not None:
            # Inline, as the rules' own fast path would answer: an amount at or under the lowest
            # threshold clears them all (see ThresholdRules); anything else asks them.
            value = resource.amount_cents
            kind = type(value)
            if kind is int or kind is float:
                if value < threshold.lowest or (threshold.strict and value == threshold.lowest):
                    d = None
                else:  # over a limit: the first rule whose threshold lies below, by bisection
                    values = threshold.values
                    index = bisect_left(values, value)  # (NaN: 0, no rule, as the finder answers)
                    if index < threshold.count and threshold.inclusive[index] and values[index] == value:
                        index += 1
                    d = threshold.by_count[index]
            else:
                d = threshold.first(resource, context)
        else:
            d = hard(resource, context)
        if d is not None:
            return d
    d = None
    by_seat = plan.by_seat
    if by_seat:
        seat = actor.sole_seat
        if seat is not None:
            # The common case, inline: one lookup whatever the number of rules (see Plan.by_seat).
            entry = by_seat.get(seat)
            if entry is not None:
                grants, d = entry  # d: the seat's override, unless a grant on the outcome outranks it
                if grants is not None and resource is not None and resource.outcome_id is not None:
                    d = grants.get(resource.outcome_id, d)
        else:
            d = _explicit(plan, actor, resource)
    level = actor.level
    if d is None:
        d = plan.levels[level]  # type: ignore[index]
        if d.effect != "allow":
            return d
        if plan.scope is not None and not _in_scope(plan.scope, actor, resource):
            return plan.scope_ask[level]  # type: ignore[index]
    elif d.effect != "allow":
        return d
    # A grant or override that lets a seat answer approvals is still bounded by the approver's
    # own authority over the held action (a hard-denied action is never approved by an agent).
    if plan.self_kind == SP_APPROVAL and resource is not None and resource.held_action is not None:
        denied = _held_authority(policy, actor, resource, context)
        if denied is not None:
            return denied
    # ceilings on an allow
    if plan.spend is not None:
        limit, over = plan.spend[level]  # type: ignore[index, misc]
        amount = resource.amount_cents if resource is not None else None
        if amount is None and context:
            amount = context.get("amount_cents")
        if amount is None:
            return UNKNOWN_AMOUNT
        if amount > limit:
            return over
    if plan.channel:
        channel = resource.channel if resource is not None else None
        if channel is None and context:
            channel = context.get("channel")
        if channel not in policy.channel_allowlist:
            return CHANNEL
    return d


def _held_authority(policy: PolicySet, actor: Actor, resource: Resource,
                    context: Mapping[str, Any] | None) -> Decision | None:
    """An agent approves a held action only if it could do that action itself without asking."""
    held = policy.plans.get(resource.held_action)  # type: ignore[arg-type]
    if held is None:
        return Decision("deny", "approval_authority:unknown", f"unknown held action {resource.held_action!r}")
    if held.never is not None:
        return held.never
    d = held.hard_agents(resource, context) if held.hard_agents else None
    if d is not None:
        return d
    cell = held.levels[actor.level]  # type: ignore[index]
    if cell.effect != "allow":
        return Decision("deny", f"approval_authority:{held.action}",
                        f"approving {held.action} is beyond a level {actor.level} agent's own authority")
    if held.spend is not None:
        limit, _ = held.spend[actor.level]  # type: ignore[index, misc]
        amount = resource.amount_cents if resource.amount_cents is not None else (context or {}).get("amount_cents")
        if amount is None or amount > limit:
            return Decision("deny", f"approval_authority:{held.action}",
                            f"the amount is beyond the approver's own spend limit for {held.action}")
    return None


def _decide_person(plan: Plan, actor: Actor, resource: Resource | None,
                   context: Mapping[str, Any] | None) -> Decision:
    if plan.self_kind in (SP_APPROVAL, SP_REVIEW):
        d = _structural(plan, actor, resource, False)
        if d is not None:
            return d
    if plan.hard_everyone:
        d = plan.hard_everyone(resource, context)
        if d is not None:
            return d
    role = actor.role
    d = plan.roles[role]  # type: ignore[index]
    if role != "member":
        return d
    if d.effect == "deny":
        if plan.action == "token.manage" and resource is not None and resource.target_person_id is not None \
                and resource.target_person_id == actor.id:
            return OWN_TOKENS
        return d
    if plan.grants or plan.overrides:
        e = _explicit(plan, actor, resource)
        if e is not None:
            return e
    return d


OWN_TOKENS = Decision("allow", "role:member:own_tokens", "a member may manage their own API tokens")
