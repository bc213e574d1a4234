"""What an agent's level means concretely: may do, must ask, may never — for this organization.

Nothing here is hand-written per level: every action class of the organization's catalogue is
put through the governance core's `decide` with the agent's level and seats, against three
probe resources (its own seat's work, work of a seat below it, work elsewhere on the chart), and
sorted by the answers. So an edited matrix, a seat override or a hard-deny rule shows up in the
compiled context the moment it applies.
"""
from __future__ import annotations

from otp.governance.decide import OWN_AGENT, OWN_BUDGET, OWN_LEVEL, OWN_REQUEST, OWN_REVIEW, POLICY, decide
from otp.governance.model import Actor, Resource
from otp.governance.policy import PolicySet

BELOW, ELSEWHERE, OTHER_AGENT, OTHER_ACTOR = "(a seat below)", "(a seat elsewhere)", "(another agent)", "(another)"
PLACES = ("own", "below", "elsewhere")
_WHERE = {
    frozenset({"own"}): "only on its own seats' work; elsewhere it must ask",
    frozenset({"below"}): "only for seats below it; elsewhere it must ask",
    frozenset({"own", "below"}): "on its own and its reports' work; elsewhere it must ask",
    frozenset({"own", "elsewhere"}): "except for seats below it, where it must ask",
    frozenset({"below", "elsewhere"}): "except on its own seats' work, where it must ask",
}
# The structural rules of the core, quoted rather than paraphrased.
SELF_PROTECTION = tuple(d.reason for d in (OWN_REQUEST, OWN_REVIEW, OWN_LEVEL, OWN_BUDGET, OWN_AGENT, POLICY))


def _probes(policy: PolicySet, org_id: str, seat_ids: list[str], ancestors: list[str]) -> dict[str, Resource]:
    channel = min(policy.channel_allowlist) if policy.channel_allowlist else None
    common = dict(org_id=org_id, target_agent_id=OTHER_AGENT, requester_id=OTHER_ACTOR, requester_kind="agent",
                  amount_cents=0, channel=channel)
    own = seat_ids[0] if seat_ids else ELSEWHERE
    return {
        "own": Resource(owner_seat_id=own, owner_seat_ancestor_ids=frozenset(ancestors), **common),
        "below": Resource(owner_seat_id=BELOW, owner_seat_ancestor_ids=frozenset([*seat_ids[:1], *ancestors]),
                          **common),
        "elsewhere": Resource(owner_seat_id=ELSEWHERE, owner_seat_ancestor_ids=frozenset(), **common),
    }


def authority(policy: PolicySet, org_id: str, agent_id: str, level: int, seat_ids: list[str],
              ancestors: list[str]) -> dict:
    """{"may_do": [...], "must_ask": [...], "may_never": [...], "self_protection": [...]}; each
    item {action, description, rule, note?}, sorted by action name."""
    who = Actor("agent", agent_id, org_id, None, level, "active", frozenset(seat_ids), frozenset(ancestors))
    probes = _probes(policy, org_id, seat_ids, ancestors)
    out: dict[str, list] = {"may_do": [], "must_ask": [], "may_never": []}
    for action in sorted(policy.catalog):
        answers = {place: decide(policy, who, action, probes[place]) for place in PLACES}
        allowed = frozenset(p for p, d in answers.items() if d.effect == "allow")
        item = {"action": action, "description": policy.catalog[action].description}
        if allowed:
            first = next(answers[p] for p in PLACES if p in allowed)
            notes = [_WHERE[allowed]] if allowed in _WHERE else []
            notes += _ceilings(policy, action, level)
            out["may_do"].append({**item, "rule": first.rule, **({"note": "; ".join(notes)} if notes else {})})
        elif all(d.effect == "deny" for d in answers.values()):
            out["may_never"].append({**item, "rule": answers["own"].rule, "note": answers["own"].reason})
        else:
            ask = next(d for d in answers.values() if d.effect == "ask")
            denied = [d for d in answers.values() if d.effect == "deny"]
            # A plain matrix cell needs no note: the section heading already says "must ask".
            note = f"never: {denied[0].reason}" if denied else None if ask.rule.startswith("matrix:") else ask.reason
            out["must_ask"].append({**item, "rule": ask.rule, **({"note": note} if note else {})})
    out["self_protection"] = list(SELF_PROTECTION)
    return out


def _ceilings(policy: PolicySet, action: str, level: int) -> list[str]:
    plan = policy.plans[action]
    notes = []
    if plan.spend is not None:
        limit, _over = plan.spend[level]
        notes.append(f"up to {limit} cents per action; more must ask" if limit else "every spend must ask")
    if plan.channel:
        allowed = sorted(policy.channel_allowlist)
        notes.append(f"only on allow-listed channels ({', '.join(allowed)}); others must ask" if allowed
                     else "no channel is allow-listed, so every message must ask")
    return notes
