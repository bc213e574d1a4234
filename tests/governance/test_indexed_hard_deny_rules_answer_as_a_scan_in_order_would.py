"""Hard-deny rules are compiled so a decision does not scan them all (threshold rules bisected,
nothing after an unconditional rule kept). The answer must stay exactly the scan's: the first
rule in policy order whose conditions all hold, with unknown or incomparable values failing
closed."""
import math

from hypothesis import given, settings, strategies as st

from otp.governance.hard_index import compile_hard_rules
from otp.governance.model import Decision, Resource
from otp.governance.rules import Condition

FIELDS = ["amount_cents", "channel"]
conditions = st.one_of(
    st.builds(Condition, st.just("amount_cents"), st.sampled_from([">", ">=", "<", "==", "!="]),
              st.integers(-5, 5)),
    st.builds(Condition, st.just("amount_cents"), st.sampled_from([">", ">="]),
              st.floats(-5, 5, allow_nan=False)),
    st.builds(Condition, st.just("channel"), st.sampled_from(["in", "not_in"]),
              st.lists(st.sampled_from(["a", "b"]), max_size=2)),
    st.builds(Condition, st.just("channel"), st.sampled_from([">", ">="]), st.integers(-1, 1)),
)
rule_lists = st.lists(st.lists(conditions, max_size=2), max_size=12)
amounts = st.one_of(st.none(), st.integers(-6, 6), st.floats(-6, 6), st.just(math.nan), st.just("text"))
channels = st.one_of(st.none(), st.sampled_from(["a", "b", "c"]), st.integers(-2, 2))


def scan(rules, resource, context):
    for when, decision in rules:
        if all(c.compile()(resource, context) for c in when):
            return decision
    return None


@settings(max_examples=400, deadline=None)
@given(rule_lists, amounts, channels, st.booleans())
def test_the_compiled_rules_pick_the_same_first_rule_as_a_scan(conds, amount, channel, in_context):
    rules = [(tuple(when), Decision("deny", f"hard_deny:r{i}", "")) for i, when in enumerate(conds)]
    compiled = compile_hard_rules([(when, tuple(c.compile() for c in when), d) for when, d in rules])
    if in_context:
        resource, context = Resource(), {"amount_cents": amount, "channel": channel}
    else:
        resource, context = Resource(amount_cents=amount, channel=channel), None
    expected = scan(rules, resource, context)
    assert (compiled(resource, context) if compiled else None) is expected


def test_an_amount_over_several_thresholds_is_denied_by_the_first_rule_that_covers_it():
    when = [(Condition("amount_cents", ">", t),) for t in (500, 900, 100, 100, 50)]
    rules = [(w, tuple(c.compile() for c in w), Decision("deny", f"hard_deny:r{i}", "")) for i, w in enumerate(when)]
    first = compile_hard_rules(rules)
    assert first(Resource(amount_cents=40), None) is None
    assert first(Resource(amount_cents=60), None).rule == "hard_deny:r4"
    assert first(Resource(amount_cents=200), None).rule == "hard_deny:r2"
    assert first(Resource(amount_cents=950), None).rule == "hard_deny:r0"
    assert first(Resource(), None).rule == "hard_deny:r0"  # unknown amount: fail closed


def test_a_value_at_the_lowest_threshold_is_denied_only_by_an_at_least_rule():
    """Values at or below the lowest threshold are answered before any bisection: the edge
    belongs to a ">=" rule and never to a ">" rule; NaN and booleans match neither."""
    def compiled(*conditions):
        rules = [((c,), (c.compile(),), Decision("deny", f"hard_deny:r{i}", "")) for i, c in enumerate(conditions)]
        return compile_hard_rules(rules)

    at_least = compiled(Condition("amount_cents", ">", 100), Condition("amount_cents", ">=", 50))
    assert at_least(Resource(amount_cents=49), None) is None
    assert at_least(Resource(amount_cents=50), None).rule == "hard_deny:r1"
    assert at_least(Resource(amount_cents=50.0), None).rule == "hard_deny:r1"
    assert at_least(Resource(amount_cents=101), None).rule == "hard_deny:r0"
    over = compiled(Condition("amount_cents", ">", 100), Condition("amount_cents", ">", 50))
    assert over(Resource(amount_cents=50), None) is None
    assert over(Resource(amount_cents=51), None).rule == "hard_deny:r1"
    assert over(Resource(amount_cents=math.nan), None) is None
    assert over(Resource(amount_cents=True), None) is None
    assert over(None, {"amount_cents": 60}).rule == "hard_deny:r1"
    assert over(None, None).rule == "hard_deny:r0"  # nothing known: fail closed
