"""decide() looks rules up in indexes built when the policy is compiled (hard-deny rules by
threshold and by key, grants and overrides by seat). Its answers must be exactly those of a
straightforward scan of the same rules in policy order, over any policy and any request.

The reference below scans the raw rules (`policy.hard_deny`, `policy.grants`,
`policy.seat_overrides`) every call and borrows only the parts of a plan that hold no rules
(matrix cells, role table, scope, ceilings, self-protection)."""
from hypothesis import HealthCheck, given, settings, strategies as st

from otp.governance import AGENT_NEVER, DEFAULT_CATALOG, LEVELS, Actor, Decision, PolicySet, Resource, decide
from otp.governance.decide import (CHANNEL, OWN_TOKENS, UNKNOWN_AMOUNT, _in_scope, _rank, _structural)
from otp.governance.matrix import STRICTNESS
from otp.governance.policy import SP_APPROVAL, SP_NONE, SP_REVIEW

# A few classes of every kind (writes, reads, spend and channel ceilings, self-protection, locked,
# approvals), so that random rules and random requests meet often.
ACTIONS = ["read", "todo.create", "external.spend", "external.communicate", "approval.decide", "outcome.complete",
           "agent.manage", "budget.change", "token.manage", "deploy"]
assert set(ACTIONS) <= set(DEFAULT_CATALOG)
OPENABLE = [a for a in ACTIONS if a not in AGENT_NEVER]
PATTERNS = [*ACTIONS, "external.*"]
EXPLICIT = ["read", "todo.create", "external.spend", "approval.decide"]  # few: grants and overrides meet
SEATS = ["s1", "s2", "s3"]
OUTCOMES = ["o1", "o2"]
AGENTS = ["a1", "a2"]
EFFECT = st.sampled_from(["allow", "ask", "deny"])

values = st.one_of(st.integers(0, 3), st.sampled_from(["s1", "s2", "a1", "o1", "slack", 2.0, True]), st.none())
# an exotic value (unhashable, or a tuple) in the context takes the predicates' own path
exotic = st.sampled_from([["s1"], ("s1",), {"s1": 1}])
FIELDS = {"owner_seat_id": SEATS, "target_agent_id": AGENTS, "outcome_id": OUTCOMES,
          "channel": ["slack", "email", "s1"], "amount_cents": [0, 1, 2, 3]}


@st.composite
def keyed(draw):
    """``==`` / ``in`` / ``!=`` / ``not_in`` on a field, mostly with values that field takes."""
    field = draw(st.sampled_from(sorted(FIELDS)))
    value = st.sampled_from(FIELDS[field]) | values
    op = draw(st.sampled_from(["==", "==", "in", "in", "!=", "not_in"]))
    return {"field": field, "op": op, "value": draw(st.lists(value, max_size=3) if "in" in op else value)}


conditions = st.one_of(
    st.builds(dict, field=st.just("amount_cents"), op=st.sampled_from([">", ">=", "<", "<="]),
              value=st.integers(0, 3) | st.sampled_from([0.5, 2.0, 2.5])),
    keyed(),
)
hard_rules = st.lists(st.builds(
    lambda i, acts, everyone, when: {"id": f"h{i}", "actions": acts, "when": when,
                                     "applies_to": "everyone" if everyone else "agents"},
    st.integers(0, 10**6), st.lists(st.sampled_from(PATTERNS), min_size=1, max_size=3), st.booleans(),
    st.lists(conditions, min_size=1, max_size=2) | st.lists(conditions, max_size=2)), max_size=12, unique_by=lambda r: r["id"])
grants = st.lists(st.builds(
    lambda i, o, s, a, e: {"id": f"g{i}", "outcome_id": o, "seat_id": s, "action": a, "effect": e},
    st.integers(0, 10**6), st.sampled_from(OUTCOMES), st.sampled_from(SEATS), st.sampled_from(EXPLICIT), EFFECT),
    max_size=16, unique_by=lambda g: g["id"])
overrides = st.lists(st.builds(
    lambda i, s, a, e: {"id": f"v{i}", "seat_id": s, "action": a, "effect": e},
    st.integers(0, 10**6), st.sampled_from(SEATS), st.sampled_from(EXPLICIT), EFFECT),
    max_size=16, unique_by=lambda o: o["id"])


@st.composite
def policies(draw):
    return PolicySet.build(
        org_id="org", hard_deny=draw(hard_rules), grants=draw(grants), seat_overrides=draw(overrides),
        spend_limits={"per_action": {"external.spend": draw(st.integers(0, 3))}},
        channel_allowlist=draw(st.lists(st.sampled_from(["slack", "email"]), max_size=2)))


# one seat is the common case (and the inline path); none or two take the general one
seat_sets = st.sampled_from(SEATS).map(lambda s: frozenset([s])) | st.frozensets(st.sampled_from(SEATS), max_size=2)
actors = st.one_of(
    st.builds(lambda i, lv, status, seats: Actor.agent(i, lv, org_id="org", status=status, seat_ids=seats),
              st.sampled_from(AGENTS), st.sampled_from(LEVELS), st.sampled_from(["active", "active", "paused"]),
              seat_sets),
    st.builds(lambda role, seats: Actor.person("p1", role, org_id="org", seat_ids=seats),
              st.sampled_from(["owner", "admin", "member", "member", "observer"]), seat_sets))
amounts = st.integers(0, 3) | st.sampled_from([None, 0.5, 2.0, 2.5, 1e9, float("nan"), "text", True])


def mostly(options):
    """One of the options, now and then None (an unknown field fails closed and matches any rule)."""
    return st.sampled_from([*options, *options, *options, None])


@st.composite
def resources(draw):
    return Resource(
        owner_seat_id=draw(mostly(SEATS)),
        owner_seat_ancestor_ids=draw(st.frozensets(st.sampled_from(SEATS))),
        outcome_id=draw(mostly(OUTCOMES)),
        target_agent_id=draw(mostly(AGENTS)),
        target_person_id=draw(st.none() | st.just("p1")),
        requester_id=draw(mostly(AGENTS)),
        requester_kind=draw(st.none() | st.just("agent")),
        held_action=draw(mostly(ACTIONS)),
        amount_cents=draw(amounts),
        channel=draw(mostly(["slack", "email", "s1"])),
    )


@st.composite
def cases(draw):
    """A policy and an action: mostly one its rules name, so rules and requests meet."""
    policy = draw(policies())
    named = sorted({n for r in policy.hard_deny for p in r.actions for n in policy.catalog.expand(p)}
                   | {r.action for r in (*policy.grants, *policy.seat_overrides)})
    action = draw(st.sampled_from(named)) if named and draw(st.integers(0, 3)) else draw(st.sampled_from(ACTIONS))
    return policy, action


contexts = st.none() | st.fixed_dictionaries({}, optional={"amount_cents": amounts, "channel": values | exotic,
                                                           "owner_seat_id": mostly(SEATS) | exotic})


# ---------------------------------------------------------------------------- the reference scan
def scan_hard(policy: PolicySet, action: str, everyone_only: bool, resource, context) -> Decision | None:
    for rule in policy.hard_deny:
        if everyone_only and rule.applies_to != "everyone":
            continue
        if action not in {n for p in rule.actions for n in policy.catalog.expand(p)}:
            continue
        if all(c.compile()(resource, context) for c in rule.when):
            return Decision("deny", f"hard_deny:{rule.id}", rule.reason or f"hard-deny rule {rule.id!r} forbids {action}")
    return None


def _applies(policy: PolicySet, rule, action: str) -> bool:
    names = policy.catalog.expand(rule.action)
    return action in names and (rule.effect == "deny" or action not in AGENT_NEVER)


def _seat_rule(rules, describe) -> Decision | None:
    """The most restrictive of one seat's rules for the action; the first in order on a tie."""
    found = None
    for r in rules:
        if found is None or STRICTNESS[r.effect] > STRICTNESS[found.effect]:
            found = r
    return None if found is None else describe(found)


def scan_explicit(policy: PolicySet, actor: Actor, action: str, resource) -> Decision | None:
    found = None
    if resource is not None and resource.outcome_id is not None:
        for seat in actor.seat_ids:
            d = _seat_rule([g for g in policy.grants if g.outcome_id == resource.outcome_id and g.seat_id == seat
                            and _applies(policy, g, action)],
                           lambda g: Decision(g.effect, f"outcome_grant:{g.id}",
                                              f"outcome {g.outcome_id!r} grants seat {g.seat_id!r} '{g.effect}' for {action}"))
            if d is not None and (found is None or _rank(d) > _rank(found)):
                found = d
        if found is not None:
            return found
    for seat in actor.seat_ids:
        d = _seat_rule([o for o in policy.seat_overrides if o.seat_id == seat and _applies(policy, o, action)],
                       lambda o: Decision(o.effect, f"seat_override:{o.id}",
                                          f"seat {o.seat_id!r} is set to '{o.effect}' for {action}"))
        if d is not None and (found is None or _rank(d) > _rank(found)):
            found = d
    return found


def scan_decide(policy: PolicySet, actor: Actor, action: str, resource, context) -> Decision:
    from otp.governance.decide import AGENT_PAUSED, ORG_MISMATCH
    plan = policy.plans[action]
    if actor.org_id != policy.org_id:
        return ORG_MISMATCH
    if actor.kind == "person":
        if plan.self_kind in (SP_APPROVAL, SP_REVIEW):
            d = _structural(plan, actor, resource, False)
            if d is not None:
                return d
        d = scan_hard(policy, action, True, resource, context)
        if d is not None:
            return d
        d = plan.roles[actor.role]
        if actor.role != "member":
            return d
        if d.effect == "deny":
            if action == "token.manage" and resource is not None and resource.target_person_id == actor.id:
                return OWN_TOKENS
            return d
        return scan_explicit(policy, actor, action, resource) or d
    if actor.status != "active" and plan.writes:
        return AGENT_PAUSED
    if plan.self_kind != SP_NONE:
        d = _structural(plan, actor, resource, True)
        if d is not None:
            return d
    if plan.never is not None:
        return plan.never
    d = scan_hard(policy, action, False, resource, context)
    if d is not None:
        return d
    d = scan_explicit(policy, actor, action, resource)
    if d is None:
        d = plan.levels[actor.level]
        if d.effect != "allow":
            return d
        if plan.scope is not None and not _in_scope(plan.scope, actor, resource):
            return plan.scope_ask[actor.level]
    elif d.effect != "allow":
        return d
    if plan.self_kind == SP_APPROVAL and resource is not None and resource.held_action is not None:
        held = policy.plans[resource.held_action]
        if held.never is not None:
            return held.never
        h = scan_hard(policy, held.action, False, resource, context)
        if h is not None:
            return h
        if held.levels[actor.level].effect != "allow":
            return Decision("deny", f"approval_authority:{held.action}",
                            f"approving {held.action} is beyond a level {actor.level} agent's own authority")
        if held.spend is not None:
            amount = resource.amount_cents if resource.amount_cents is not None else (context or {}).get("amount_cents")
            if amount is None or amount > held.spend[actor.level][0]:
                return Decision("deny", f"approval_authority:{held.action}",
                                f"the amount is beyond the approver's own spend limit for {held.action}")
    if plan.spend is not None:
        limit, over = plan.spend[actor.level]
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


def _outcome(fn, *args):
    try:
        return fn(*args)
    except TypeError as e:  # an amount that cannot be compared with a limit: both must fail alike
        return type(e)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(), actors, resources() | st.none(), contexts)
def test_the_indexed_decide_gives_exactly_the_scans_answer(case, actor, resource, context):
    policy, action = case
    expected = _outcome(scan_decide, policy, actor, action, resource, context)
    assert _outcome(decide, policy, actor, action, resource, context) == expected


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(), actors, resources())
def test_many_rules_of_every_shape_still_answer_as_the_scan(case, actor, resource):
    """The same, with each rule list repeated with shifted ids so groups hold many rules."""
    policy, action = case
    many = PolicySet.build(
        org_id="org",
        hard_deny=[{"id": f"{r.id}-{k}", "actions": r.actions, "applies_to": r.applies_to,
                    "when": [{"field": c.field, "op": c.op, "value": sorted(c.value, key=repr)
                              if isinstance(c.value, frozenset) else c.value} for c in r.when]}
                   for k in range(3) for r in policy.hard_deny],
        grants=[{"id": f"{g.id}-{k}", "outcome_id": g.outcome_id, "seat_id": g.seat_id, "action": g.action,
                 "effect": g.effect} for k in range(3) for g in policy.grants],
        seat_overrides=policy.seat_overrides, spend_limits=policy.spend_limits,
        channel_allowlist=policy.channel_allowlist)
    assert _outcome(decide, many, actor, action, resource, None) == \
        _outcome(scan_decide, many, actor, action, resource, None)


one_condition_rules = st.lists(st.builds(
    lambda i, everyone, condition: {"id": f"h{i}", "actions": ["read"], "when": [condition],
                                    "applies_to": "everyone" if everyone else "agents"},
    st.integers(0, 10**6), st.booleans(), conditions), max_size=16, unique_by=lambda r: r["id"])


@settings(max_examples=500, deadline=None)
@given(one_condition_rules, actors, st.sampled_from(SEATS), st.sampled_from(["slack", "email", "s1"]),
       st.integers(0, 3) | st.sampled_from([0.5, 2.0, 2.5]))
def test_many_one_condition_rules_on_known_fields_pick_the_scans_first_match(rules, actor, seat, channel, amount):
    """Every field known (nothing fails closed), so the first match is often deep in the list."""
    policy = PolicySet.build(org_id="org", hard_deny=rules)
    resource = Resource(owner_seat_id=seat, target_agent_id="a1", outcome_id="o1", channel=channel,
                        amount_cents=amount)
    assert decide(policy, actor, "read", resource) == scan_decide(policy, actor, "read", resource, None)


threshold_rules = st.lists(st.builds(
    lambda i, op, value: {"id": f"h{i}", "actions": ["todo.create"],
                          "when": [{"field": "amount_cents", "op": op, "value": value}]},
    st.integers(0, 10**6), st.sampled_from([">", ">="]), st.integers(0, 3) | st.sampled_from([0.5, 2.0])),
    min_size=1, max_size=6, unique_by=lambda r: r["id"])


@settings(max_examples=400, deadline=None)
@given(threshold_rules, st.sampled_from(LEVELS), amounts, st.booleans())
def test_threshold_only_rules_answered_inline_under_the_lowest_limit_match_the_scan(rules, level, amount, in_context):
    """Only "amount over T" rules on a class: decide answers values under every threshold
    without calling the rules. At the lowest threshold, under it, over it, unknown or odd, with
    the amount on the resource or in the context, the answer is the scan's."""
    policy = PolicySet.build(org_id="org", hard_deny=rules)
    actor = Actor.agent("a1", level, org_id="org", seat_ids=["s1"])
    resource = Resource(owner_seat_id="s1") if in_context else Resource(owner_seat_id="s1", amount_cents=amount)
    context = {"amount_cents": amount} if in_context else None
    assert _outcome(decide, policy, actor, "todo.create", resource, context) == \
        _outcome(scan_decide, policy, actor, "todo.create", resource, context)
