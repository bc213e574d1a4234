import pytest

from otp.governance import Resource

from ._helpers import SEAT, agent, effect, policy, rule

P = policy(spend_limits={"per_action": {"external.spend": 10_000}, "per_level": {6: 2_500, 8: 50_000}})


@pytest.mark.parametrize("level, amount, expected", [
    (6, 2_500, "allow"), (6, 2_501, "ask"),     # the per-level limit binds (lower)
    (7, 10_000, "allow"), (7, 10_001, "ask"),   # only the per-action limit
    (8, 10_000, "allow"), (8, 10_001, "ask"),   # the lower of the two binds
    (6, 0, "allow"),
])
def test_spend_at_the_limit_is_allowed_and_one_cent_over_asks(level, amount, expected):
    assert effect(P, agent(level), "external.spend", Resource(amount_cents=amount)) == expected


def test_the_rule_names_the_limit_that_bound():
    assert rule(P, agent(6), "external.spend", Resource(amount_cents=2_501)) == "spend_limit:L6"
    assert rule(P, agent(8), "external.spend", Resource(amount_cents=10_001)) == "spend_limit:external.spend"


def test_a_spend_of_unknown_amount_asks():
    assert rule(P, agent(8), "external.spend", Resource()) == "spend_limit:unknown_amount"


def test_the_amount_may_come_from_the_context():
    assert effect(P, agent(8), "external.spend", Resource(), amount_cents=20_000) == "ask"


def test_without_any_configured_limit_every_spend_asks():
    p = policy(spend_limits=None)
    assert rule(p, agent(8), "external.spend", Resource(amount_cents=1)) == "spend_limit:none"


def test_a_grant_that_allows_spending_still_cannot_spend_over_the_limit():
    p = policy(grants={"o": {SEAT: {"external.spend": "allow"}}}, spend_limits={"per_action": {"external.spend": 100}})
    assert effect(p, agent(1), "external.spend", Resource(outcome_id="o", amount_cents=100)) == "allow"
    assert effect(p, agent(1), "external.spend", Resource(outcome_id="o", amount_cents=101)) == "ask"


def test_external_communication_outside_the_allow_list_asks():
    assert rule(P, agent(8), "external.communicate", Resource(channel="email:press@x")) == "channel_allowlist"
    assert effect(P, agent(8), "external.communicate", Resource(channel="slack:#ops")) == "allow"


@pytest.mark.parametrize("bad", [{"per_action": {"external.spend": -1}}, {"per_level": {9: 1}},
                                 {"per_action": {"nope.x": 1}}])
def test_an_invalid_spend_limit_is_rejected(bad):
    with pytest.raises(ValueError):
        policy(spend_limits=bad)
