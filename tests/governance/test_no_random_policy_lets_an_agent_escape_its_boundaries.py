"""Property tests: whatever an organization configures, an agent never gets `allow` for a
hard-denied class, for changing its own level, policy or budget, or for approving its own request.

Policies are random: matrix edits (any loosening the validator accepts), outcome grants and seat
overrides (including grants on the agent's own seats), and hard-deny rules. A stateful test also
lets a sequence of org edits and agent actions run, applying every action the agent is allowed
to the org's policy, and checks the invariants after every step.
"""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from otp.governance import AGENT_NEVER, DEFAULT_CATALOG, LEVELS, Actor, PolicySet, Resource, decide

ACTIONS = sorted(DEFAULT_CATALOG)
OPENABLE = [a for a in ACTIONS if a not in AGENT_NEVER]
SEATS = ["s1", "s2", "s3"]
OUTCOMES = ["o1", "o2"]
AGENTS = ["a1", "a2"]
EFFECT = st.sampled_from(["allow", "ask", "deny"])
SELF_TARGETED = ["agent.level.change", "budget.change", "agent.manage", "policy.change"]

matrix_edits = st.dictionaries(st.tuples(st.sampled_from(LEVELS), st.sampled_from(OPENABLE)), EFFECT, max_size=40)
grants = st.dictionaries(st.sampled_from(OUTCOMES), st.dictionaries(
    st.sampled_from(SEATS), st.dictionaries(st.sampled_from(OPENABLE), EFFECT, max_size=8), max_size=3), max_size=2)
overrides = st.dictionaries(st.sampled_from(SEATS), st.dictionaries(st.sampled_from(OPENABLE), EFFECT, max_size=8),
                            max_size=3)
hard_rules = st.lists(st.builds(
    lambda i, acts, everyone: {"id": f"h{i}", "actions": acts, "applies_to": "everyone" if everyone else "agents"},
    st.integers(0, 10**6), st.lists(st.sampled_from(ACTIONS), min_size=1, max_size=4), st.booleans()),
    max_size=4, unique_by=lambda r: r["id"])


@st.composite
def policies(draw):
    return PolicySet.build(
        org_id="org", matrix_overrides=draw(matrix_edits), grants=draw(grants), seat_overrides=draw(overrides),
        hard_deny=draw(hard_rules),
        spend_limits={"per_action": {"external.spend": draw(st.integers(0, 10**6))}},
        channel_allowlist=draw(st.lists(st.sampled_from(["slack", "email"]), max_size=2)))


agents = st.builds(lambda i, lv, status, seats: Actor.agent(i, lv, org_id="org", status=status, seat_ids=seats),
                   st.sampled_from(AGENTS), st.sampled_from(LEVELS), st.sampled_from(["active", "active", "paused"]),
                   st.frozensets(st.sampled_from(SEATS), max_size=3))


@st.composite
def resources(draw):
    return Resource(
        owner_seat_id=draw(st.none() | st.sampled_from(SEATS)),
        owner_seat_ancestor_ids=draw(st.frozensets(st.sampled_from(SEATS))),
        outcome_id=draw(st.none() | st.sampled_from(OUTCOMES)),
        target_agent_id=draw(st.none() | st.sampled_from(AGENTS)),
        requester_id=draw(st.none() | st.sampled_from(AGENTS)),
        requester_kind=draw(st.none() | st.just("agent")),
        held_action=draw(st.none() | st.sampled_from(ACTIONS)),
        amount_cents=draw(st.none() | st.integers(0, 10**7)),
        channel=draw(st.none() | st.sampled_from(["slack", "email"])),
    )


def assert_within_boundaries(policy: PolicySet, actor: Actor, action: str, resource: Resource) -> None:
    d = decide(policy, actor, action, resource)
    if d.effect != "allow":
        return
    unconditional = {a for r in policy.hard_deny for a in r.actions if not r.when}
    assert action not in unconditional, d
    assert action not in ("agent.level.change", "policy.change"), d
    if action in ("budget.change", "agent.manage"):
        assert resource.target_agent_id not in (None, actor.id), d
    if action == "approval.decide":
        assert resource.requester_id not in (None, actor.id), d
        if resource.held_action in SELF_TARGETED:
            assert resource.held_action != "policy.change" and resource.target_agent_id not in (None, actor.id), d
        assert resource.held_action not in unconditional, d


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policies(), agents, st.sampled_from(ACTIONS), resources())
def test_no_random_policy_lets_an_agent_out_of_its_boundaries(policy, actor, action, resource):
    assert_within_boundaries(policy, actor, action, resource)


@settings(max_examples=300, deadline=None)
@given(policies(), agents, st.sampled_from(ACTIONS), resources())
def test_an_agent_never_gets_allow_for_a_hard_denied_class(policy, actor, action, resource):
    denied = PolicySet.build(org_id="org", matrix=policy.matrix, grants=policy.grants,
                             seat_overrides=policy.seat_overrides,
                             hard_deny=[*policy.hard_deny, {"id": "zz", "actions": [action]}])
    assert decide(denied, actor, action, resource).effect == "deny"


@settings(max_examples=300, deadline=None)
@given(policies(), agents, st.sampled_from(SELF_TARGETED), resources())
def test_an_agent_never_changes_itself_or_approves_its_own_request(policy, actor, action, resource):
    own = Resource(target_agent_id=actor.id, outcome_id=resource.outcome_id, owner_seat_id=resource.owner_seat_id)
    assert decide(policy, actor, action, own).effect != "allow"
    mine = Resource(requester_id=actor.id, requester_kind="agent", held_action=resource.held_action,
                    owner_seat_id=resource.owner_seat_id, owner_seat_ancestor_ids=resource.owner_seat_ancestor_ids,
                    target_agent_id=resource.target_agent_id, outcome_id=resource.outcome_id)
    assert decide(policy, actor, "approval.decide", mine).effect != "allow"
    held = Resource(requester_id="someone-else", requester_kind="agent", held_action=action,
                    owner_seat_id=resource.owner_seat_id, owner_seat_ancestor_ids=resource.owner_seat_ancestor_ids,
                    target_agent_id=actor.id, outcome_id=resource.outcome_id)
    assert decide(policy, actor, "approval.decide", held).effect != "allow"


class AgentTriesToEscape(RuleBasedStateMachine):
    """An org edits its policy; an agent acts. Whatever the agent is *allowed* takes effect on
    its own level/budget/policy — so if any sequence let it escape, the invariant would catch it."""

    def __init__(self):
        super().__init__()
        self.level = 1
        self.budget = 1000
        self.edits: dict = {}
        self.policy = PolicySet.build(org_id="org")

    @rule(edits=matrix_edits, g=grants, o=overrides)
    def org_edits_policy(self, edits, g, o):
        self.edits = edits
        self.policy = PolicySet.build(org_id="org", matrix_overrides=edits, grants=g, seat_overrides=o)

    @rule(action=st.sampled_from(ACTIONS), r=resources(), seats=st.frozensets(st.sampled_from(SEATS)))
    def agent_acts(self, action, r, seats):
        me = Actor.agent("a1", self.level, org_id="org", seat_ids=seats)
        if decide(self.policy, me, action, r).effect != "allow":
            return
        held = r.held_action if action == "approval.decide" else action
        if held == "agent.level.change" and r.target_agent_id in (None, "a1"):
            self.level = min(8, self.level + 1)
        if held == "budget.change" and r.target_agent_id in (None, "a1"):
            self.budget *= 2
        if held == "policy.change":
            self.policy = PolicySet.build(org_id="org", matrix_overrides={(lv, "*"): "allow" for lv in LEVELS})

    @invariant()
    def agent_never_escaped(self):
        assert self.level == 1 and self.budget == 1000


TestAgentTriesToEscape = AgentTriesToEscape.TestCase
TestAgentTriesToEscape.settings = settings(max_examples=60, stateful_step_count=30, deadline=None)
