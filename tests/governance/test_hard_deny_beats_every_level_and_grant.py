import pytest

from otp.governance import LEVELS, Resource

from ._helpers import SEAT, agent, effect, person, policy, rule

GRANTED = dict(grants={"o": {SEAT: {"deploy": "allow"}}}, seat_overrides={SEAT: {"deploy": "allow"}},
               matrix_overrides={(l, "deploy"): "allow" for l in LEVELS})


@pytest.mark.parametrize("level", LEVELS)
def test_a_hard_denied_class_is_denied_at_every_level_despite_grants(level):
    p = policy(hard_deny=[{"id": "no-deploy", "actions": ["deploy"]}], **GRANTED)
    d = rule(p, agent(level), "deploy", Resource(outcome_id="o"))
    assert (effect(p, agent(level), "deploy", Resource(outcome_id="o")), d) == ("deny", "hard_deny:no-deploy")


def test_without_the_hard_deny_the_grant_would_allow():
    assert effect(policy(**GRANTED), agent(1), "deploy", Resource(outcome_id="o")) == "allow"


def test_a_conditional_hard_deny_fires_only_when_its_condition_holds():
    p = policy(hard_deny=[{"id": "big", "actions": "external.spend",
                           "when": [{"field": "amount_cents", "op": ">", "value": 1000}]}],
               spend_limits={"per_action": {"external.spend": 1_000_000}})
    assert effect(p, agent(6), "external.spend", Resource(amount_cents=1000)) == "allow"
    assert effect(p, agent(6), "external.spend", Resource(amount_cents=1001)) == "deny"
    assert effect(p, agent(6), "external.spend", Resource(), amount_cents=5000) == "deny"


def test_a_hard_deny_condition_on_a_missing_field_fails_closed():
    p = policy(hard_deny=[{"id": "chan", "actions": "external.communicate",
                           "when": [{"field": "channel", "op": "not_in", "value": ["slack:#ops"]}]}])
    assert effect(p, agent(8), "external.communicate", Resource()) == "deny"
    assert effect(p, agent(8), "external.communicate", Resource(channel="slack:#ops")) == "allow"


def test_an_agents_only_rule_does_not_bind_people_but_an_everyone_rule_binds_owners():
    agents_only = policy(hard_deny=[{"id": "x", "actions": ["data.delete"]}])
    everyone = policy(hard_deny=[{"id": "x", "actions": ["data.delete"], "applies_to": "everyone"}])
    assert effect(agents_only, person("owner"), "data.delete") == "allow"
    assert effect(everyone, person("owner"), "data.delete") == "deny"


def test_a_hard_deny_on_a_held_action_stops_a_team_lead_approving_it():
    p = policy(hard_deny=[{"id": "no-deploy", "actions": ["deploy"]}],
               matrix_overrides={(8, "deploy"): "allow"})
    r = Resource(owner_seat_id="c", owner_seat_ancestor_ids={SEAT}, requester_id="a2", requester_kind="agent",
                 held_action="deploy")
    assert rule(p, agent(8), "approval.decide", r) == "hard_deny:no-deploy"
