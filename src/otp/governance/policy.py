"""PolicySet: an organization's policy compiled into per-action plans for `decide`.

Build one from plain data (the database layer's rows) with :meth:`PolicySet.build` or
:meth:`PolicySet.from_dict`; it is immutable, safe to share between threads, and cheap to
query. Compilation does all the work `decide` must not do per call:

- validates every rule (unknown actions, bad effects, loosening a locked class → ValueError);
- expands action patterns (``'external.*'``) over the catalogue;
- indexes hard-deny rules (see :mod:`.hard_index`), outcome grants and seat overrides **by action class**, so a decision
  looks only at the rules for its own action (O(rules for that action)), and grants further by
  outcome then seat, so a grant lookup is O(seats the actor holds);
- pre-builds every static :class:`Decision` (matrix cells, rule hits), so the common paths of
  `decide` allocate nothing.

When several explicit rules of one kind apply (an actor holding two seats, two grants on the
same outcome), the most restrictive effect wins (deny > ask > allow).
"""
from __future__ import annotations

from types import MappingProxyType
from typing import Any, Callable, Hashable, Iterable, Mapping

from .catalog import DEFAULT_CATALOG, ActionClass, Catalog, build_catalog
from .matrix import AGENT_NEVER, LEVEL_NAMES, LEVELS, STRICTNESS, Matrix, default_matrix, with_overrides
from .hard_index import HardRules, ThresholdRules, compile_hard_rules
from .model import Decision
from .roles import ROLES, role_effect, role_overrides
from .rules import (Condition, HardDenyRule, OutcomeGrant, SeatOverride, SpendLimits, grants_from_data,
                    overrides_from_data)

Predicate = Callable[[Any, Any], bool]
# A hard-deny rule as one action class sees it: its conditions, their predicates, its decision.
_CompiledHardRule = tuple[tuple[Condition, ...], tuple[Predicate, ...], Decision]

# self-protection kinds (small ints: compared on every call)
SP_NONE, SP_APPROVAL, SP_REVIEW, SP_LEVEL, SP_BUDGET, SP_AGENT, SP_POLICY = range(7)
_SELF_KIND = {
    "approval.decide": SP_APPROVAL, "outcome.complete": SP_REVIEW, "agent.level.change": SP_LEVEL,
    "budget.change": SP_BUDGET, "agent.manage": SP_AGENT, "policy.change": SP_POLICY,
}
_SCOPE_TEXT = {"own": "its own seats'", "below": "seats below it's", "own_or_below": "its own or seats below's"}


class Plan:
    """Everything `decide` needs about one action class, pre-indexed. Internal."""

    __slots__ = ("action", "writes", "self_kind", "never", "hard_agents", "amount_threshold", "hard_everyone",
                 "grants", "overrides", "by_seat", "levels", "scope", "scope_ask", "spend", "channel", "roles")

    def __init__(self, action: str, writes: bool):
        self.action = action
        self.writes = writes
        self.self_kind = _SELF_KIND.get(action, SP_NONE)
        self.never: Decision | None = None
        # (resource, context) -> the first matching hard-deny rule's decision; None: no rules
        self.hard_agents: HardRules | None = None
        # hard_agents again when its rules all deny an amount over a threshold ("amount_cents >
        # 50000", the resource's one number), which `decide` answers inline for most amounts;
        # else None. Read as a slot: cheaper per call than checking the type and the field.
        self.amount_threshold: ThresholdRules | None = None
        self.hard_everyone: HardRules | None = None
        self.grants: dict[Hashable, dict[Hashable, Decision]] = {}
        self.overrides: dict[Hashable, Decision] = {}
        # The same grants and overrides keyed by seat first: seat -> (its grants by outcome or
        # None, its override or None). An actor holds one seat as a rule, so a decision finds
        # everything explicit for it with one lookup, however many rules the class has.
        self.by_seat: dict[Hashable, tuple[dict[Hashable, Decision] | None, Decision | None]] = {}
        self.levels: tuple[Decision | None, ...] = ()
        self.scope: str | None = None
        self.scope_ask: tuple[Decision | None, ...] = ()
        self.spend: tuple[tuple[int, Decision] | None, ...] | None = None
        self.channel = False
        self.roles: dict[str, Decision] = {}


def _stricter(current: Decision | None, new: Decision) -> Decision:
    if current is None or STRICTNESS[new.effect] > STRICTNESS[current.effect]:
        return new
    return current


def _explicit_targets(catalog: Catalog, kind: str, rid: object, pattern: str, effect: str) -> tuple[str, ...]:
    names = catalog.expand(pattern)
    if effect == "deny":
        return names
    if pattern in AGENT_NEVER:
        raise ValueError(f"{kind} {rid!r}: {pattern!r} can only be denied; agents may never perform it "
                         f"and people get it from their role")
    return tuple(n for n in names if n not in AGENT_NEVER)


class PolicySet:
    """An organization's compiled policy. Build with :meth:`build` or :meth:`from_dict`."""

    __slots__ = ("org_id", "catalog", "matrix", "hard_deny", "grants", "seat_overrides", "spend_limits",
                 "channel_allowlist", "plans", "rule_count", "role_overrides")

    def __init__(self, *, org_id, catalog, matrix, hard_deny, grants, seat_overrides, spend_limits,
                 channel_allowlist, plans, rule_count, role_overrides=None):
        self.org_id = org_id
        self.catalog: Catalog = catalog
        self.matrix: Matrix = matrix
        self.hard_deny: tuple[HardDenyRule, ...] = hard_deny
        self.grants: tuple[OutcomeGrant, ...] = grants
        self.seat_overrides: tuple[SeatOverride, ...] = seat_overrides
        self.spend_limits: SpendLimits = spend_limits
        self.channel_allowlist: frozenset[str] = channel_allowlist
        self.plans: Mapping[str, Plan] = plans
        self.rule_count: int = rule_count
        self.role_overrides: Mapping[tuple[str, str], str] = MappingProxyType(dict(role_overrides or {}))

    def __repr__(self) -> str:
        return (f"PolicySet(org_id={self.org_id!r}, classes={len(self.catalog)}, hard_deny={len(self.hard_deny)}, "
                f"grants={len(self.grants)}, seat_overrides={len(self.seat_overrides)})")

    # ---------------------------------------------------------------- construction
    @classmethod
    def build(
        cls,
        *,
        org_id: Hashable | None = None,
        catalog: Catalog | None = None,
        matrix: Matrix | None = None,
        matrix_overrides: object = (),
        scopes: Mapping[str, str | None] | None = None,
        hard_deny: Iterable[HardDenyRule | Mapping[str, Any]] = (),
        grants: object = (),
        seat_overrides: object = (),
        spend_limits: SpendLimits | Mapping[str, Any] | None = None,
        channel_allowlist: Iterable[str] = (),
        roles: Iterable[Mapping[str, Any]] = (),
    ) -> "PolicySet":
        """Compile a policy.

        - ``org_id``: if set, actors from another org are denied (``rule='org_mismatch'``).
        - ``catalog``: defaults to the built-in catalogue (see :func:`build_catalog`).
        - ``matrix``: a base :class:`Matrix` (default: :func:`default_matrix` for the catalogue);
          ``matrix_overrides`` / ``scopes`` are merged onto it with :func:`with_overrides`.
        - ``hard_deny``: :class:`HardDenyRule` or mappings ``{id, actions, applies_to?, when?, reason?}``.
        - ``grants``: :class:`OutcomeGrant` rows/mappings ``{id, outcome_id, seat_id, action, effect}``
          or ``{outcome_id: {seat_id: {action: effect}}}``.
        - ``seat_overrides``: :class:`SeatOverride` rows/mappings ``{id, seat_id, action, effect}``
          or ``{seat_id: {action: effect}}``.
        - ``spend_limits``: :class:`SpendLimits` or ``{per_action: {action: cents}, per_level: {level: cents}}``.
        - ``channel_allowlist``: channels agents may use for ``external.communicate`` without asking.
        - ``roles``: edits of the person-role table, rows ``{role, action, effect}`` (admin and
          member only; owners and observers are locked, see otp.governance.roles).
        """
        catalog = catalog or (matrix.catalog if matrix is not None else DEFAULT_CATALOG)
        base = matrix if matrix is not None else default_matrix(catalog)
        if base.catalog is not catalog and set(base.catalog) != set(catalog):
            raise ValueError("the matrix was built for a different catalogue")
        if matrix_overrides or scopes:
            base = with_overrides(base, matrix_overrides, scopes)
        hd = tuple(HardDenyRule.from_data(r) for r in hard_deny)
        gs = tuple(grants_from_data(grants))
        ovs = tuple(overrides_from_data(seat_overrides))
        limits = SpendLimits.from_data(spend_limits)
        allow = frozenset(channel_allowlist)
        _unique_ids("hard-deny rule", (r.id for r in hd))
        _unique_ids("outcome grant", (g.id for g in gs))
        _unique_ids("seat override", (o.id for o in ovs))
        for a in limits.per_action:
            catalog[a]
        role_edits = role_overrides(catalog, roles)
        plans = _compile(catalog, base, hd, gs, ovs, limits, role_edits)
        return cls(org_id=org_id, catalog=catalog, matrix=base, hard_deny=hd, grants=gs, seat_overrides=ovs,
                   spend_limits=limits, channel_allowlist=allow, plans=MappingProxyType(plans),
                   rule_count=len(hd) + len(gs) + len(ovs), role_overrides=role_edits)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "PolicySet":
        """Compile from one JSON-shaped document::

            {"org_id": 1,
             "classes": [{"name": "crm.update", "description": "...", "reversible": true,
                          "impact": "medium", "external": true}],
             "matrix": [{"level": 4, "action": "crm.update", "effect": "allow"}],
             "scopes": {"crm.update": "own"},
             "hard_deny": [{"id": "big-spend", "actions": ["external.spend"], "applies_to": "everyone",
                            "when": [{"field": "amount_cents", "op": ">", "value": 100000}]}],
             "grants": [{"id": 7, "outcome_id": 3, "seat_id": 9, "action": "external.spend", "effect": "allow"}],
             "seat_overrides": [{"id": 2, "seat_id": 9, "action": "sop.edit", "effect": "ask"}],
             "spend_limits": {"per_action": {"external.spend": 5000}, "per_level": {"6": 2000}},
             "channel_allowlist": ["slack:#ops"]}
        """
        unknown = set(data) - {"org_id", "classes", "matrix", "scopes", "hard_deny", "grants", "seat_overrides",
                               "spend_limits", "channel_allowlist", "roles"}
        if unknown:
            raise ValueError(f"unknown policy keys: {sorted(unknown)}")
        catalog = build_catalog(data.get("classes", ()))
        return cls.build(org_id=data.get("org_id"), catalog=catalog, matrix_overrides=data.get("matrix", ()),
                         scopes=data.get("scopes"), hard_deny=data.get("hard_deny", ()),
                         grants=data.get("grants", ()), seat_overrides=data.get("seat_overrides", ()),
                         spend_limits=data.get("spend_limits"), channel_allowlist=data.get("channel_allowlist", ()),
                         roles=data.get("roles", ()))

    def action_class(self, action: str) -> ActionClass:
        return self.catalog[action]


def _unique_ids(kind: str, ids: Iterable[Hashable]) -> None:
    seen: set = set()
    for i in ids:
        if i in seen:
            raise ValueError(f"{kind} id {i!r} is used twice")
        seen.add(i)


def _compile(catalog: Catalog, matrix: Matrix, hd: tuple[HardDenyRule, ...], gs: tuple[OutcomeGrant, ...],
             ovs: tuple[SeatOverride, ...], limits: SpendLimits,
             role_edits: Mapping[tuple[str, str], str] | None = None) -> dict[str, Plan]:
    role_edits = role_edits or {}
    plans = {a: Plan(a, catalog[a].writes) for a in catalog}
    hard_agents: dict[str, list[_CompiledHardRule]] = {a: [] for a in catalog}
    hard_everyone: dict[str, list[_CompiledHardRule]] = {a: [] for a in catalog}

    for rule in hd:
        preds = tuple(c.compile() for c in rule.when)
        for name in _expand_all(catalog, rule.actions):
            reason = rule.reason or f"hard-deny rule {rule.id!r} forbids {name}"
            compiled = (rule.when, preds, Decision("deny", f"hard_deny:{rule.id}", reason))
            hard_agents[name].append(compiled)
            if rule.applies_to == "everyone":
                hard_everyone[name].append(compiled)

    for g in gs:
        for name in _explicit_targets(catalog, "outcome grant", g.id, g.action, g.effect):
            d = Decision(g.effect, f"outcome_grant:{g.id}",
                         f"outcome {g.outcome_id!r} grants seat {g.seat_id!r} '{g.effect}' for {name}")
            by_seat = plans[name].grants.setdefault(g.outcome_id, {})
            by_seat[g.seat_id] = _stricter(by_seat.get(g.seat_id), d)

    for o in ovs:
        for name in _explicit_targets(catalog, "seat override", o.id, o.action, o.effect):
            d = Decision(o.effect, f"seat_override:{o.id}", f"seat {o.seat_id!r} is set to '{o.effect}' for {name}")
            plans[name].overrides[o.seat_id] = _stricter(plans[name].overrides.get(o.seat_id), d)

    for name, plan in plans.items():
        plan.by_seat = _by_seat(plan)
        plan.hard_agents = compile_hard_rules(hard_agents[name])
        hard = plan.hard_agents
        if type(hard) is ThresholdRules and hard.field == "amount_cents":
            plan.amount_threshold = hard
        plan.hard_everyone = compile_hard_rules(hard_everyone[name])
        if name in AGENT_NEVER:
            plan.never = Decision("deny", f"agent_never:{name}", f"agents may never perform {name}, at any level")
        levels: list[Decision | None] = [None]
        for lv in LEVELS:
            eff = matrix.effect(lv, name)
            verb = {"allow": "may", "ask": "must ask to", "deny": "may not"}[eff]
            levels.append(Decision(eff, f"matrix:L{lv}:{name}", f"a level {lv} ({LEVEL_NAMES[lv]}) agent {verb} {name}"))
        plan.levels = tuple(levels)
        plan.scope = matrix.scope(name)
        if plan.scope:
            plan.scope_ask = (None, *(
                Decision("ask", f"matrix_scope:L{lv}:{name}",
                         f"a level {lv} agent may {name} only on {_SCOPE_TEXT[plan.scope]} resources; "
                         f"this one is outside its reach")
                for lv in LEVELS))
        if name == "external.spend" or name in limits.per_action:
            plan.spend = (None, *(_spend_limit(name, lv, limits) for lv in LEVELS))
        plan.channel = name == "external.communicate"
        plan.roles = {}
        for r in ROLES:
            eff = role_edits.get((r, name), role_effect(catalog, r, name))
            verb = {"allow": "may", "ask": "must ask to", "deny": "may not"}[eff]
            plan.roles[r] = Decision(eff, f"role:{r}", f"a person with role {r} {verb} {name}")
    return plans


def _by_seat(plan: Plan) -> dict[Hashable, tuple[dict[Hashable, Decision] | None, Decision | None]]:
    grants: dict[Hashable, dict[Hashable, Decision]] = {}
    for outcome_id, seats in plan.grants.items():
        for seat_id, d in seats.items():
            grants.setdefault(seat_id, {})[outcome_id] = d
    return {seat: (grants.get(seat), plan.overrides.get(seat)) for seat in (*grants, *plan.overrides)}


def _expand_all(catalog: Catalog, patterns: Iterable[str]) -> tuple[str, ...]:
    out: dict[str, None] = {}
    for p in patterns:
        for n in catalog.expand(p):
            out[n] = None
    return tuple(out)


def _spend_limit(action: str, level: int, limits: SpendLimits) -> tuple[int, Decision]:
    candidates = []
    if action in limits.per_action:
        candidates.append((limits.per_action[action], f"spend_limit:{action}"))
    if level in limits.per_level:
        candidates.append((limits.per_level[level], f"spend_limit:L{level}"))
    if not candidates:
        return 0, Decision("ask", "spend_limit:none", f"no spend limit is configured for {action}; every spend asks")
    limit, rule = min(candidates, key=lambda c: c[0])
    return limit, Decision("ask", rule, f"amount over the {limit} cent limit for {action}; a human must approve")
