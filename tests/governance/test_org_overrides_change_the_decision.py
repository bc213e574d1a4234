import pytest

from otp.governance import Resource, build_catalog, default_matrix, with_overrides
from otp.governance.catalog import UnknownActionError

from ._helpers import SEAT, agent, effect, policy, rule


def test_an_org_can_let_reporters_raise_issues():
    p = policy(matrix_overrides={(2, "issue.raise"): "allow"})
    assert effect(p, agent(2), "issue.raise") == "allow"
    assert effect(p, agent(1), "issue.raise") == "ask"


def test_an_org_can_make_a_default_allow_ask():
    p = policy(matrix_overrides=[{"level": 8, "action": "headline.post", "effect": "ask"}])
    assert effect(p, agent(8), "headline.post") == "ask"
    assert rule(p, agent(8), "headline.post") == "matrix:L8:headline.post"


def test_an_org_can_deny_a_whole_family_with_a_pattern():
    p = policy(matrix_overrides={(l, "external.*"): "deny" for l in range(1, 9)})
    assert effect(p, agent(8), "external.communicate") == "deny"


def test_a_wildcard_loosening_leaves_locked_classes_denied():
    p = policy(matrix_overrides={(8, "*"): "allow"})
    assert effect(p, agent(8), "deploy") == "allow"
    assert effect(p, agent(8), "org.settings") == "deny"


@pytest.mark.parametrize("bad, message", [
    ({(9, "read"): "allow"}, "level"),
    ({(1, "read"): "maybe"}, "effect"),
    ({(1, "nope.nothing"): "allow"}, "nope.nothing"),
    ({(8, "policy.change"): "allow"}, "locked"),
    ({(8, "token.manage"): "ask"}, "locked"),
])
def test_an_invalid_matrix_edit_is_rejected_naming_the_problem(bad, message):
    with pytest.raises(ValueError, match=message):
        with_overrides(default_matrix(), bad)


def test_editing_a_matrix_leaves_the_defaults_untouched():
    with_overrides(default_matrix(), {(1, "note.add"): "allow"})
    assert default_matrix().effect(1, "note.add") == "ask"


def test_an_org_defined_class_asks_by_default_and_can_be_opened():
    catalog = build_catalog([{"name": "crm.update", "description": "Update CRM", "reversible": True,
                              "impact": "medium", "external": True}])
    p = policy(catalog=catalog)
    assert effect(p, agent(8), "crm.update") == "ask"
    p = policy(catalog=catalog, matrix_overrides={(4, "crm.update"): "allow"})
    assert effect(p, agent(4), "crm.update") == "allow"


def test_a_seat_override_replaces_the_matrix_for_that_seat():
    p = policy(seat_overrides=[{"id": "o1", "seat_id": SEAT, "action": "sop.edit", "effect": "allow"}])
    assert rule(p, agent(1), "sop.edit") == "seat_override:o1"
    assert effect(p, agent(1, seats=("elsewhere",)), "sop.edit", Resource(owner_seat_id="elsewhere")) == "ask"


def test_an_outcome_grant_outranks_a_seat_override():
    p = policy(grants={"out-1": {SEAT: {"issue.solve": "allow"}}},
               seat_overrides={SEAT: {"issue.solve": "deny"}})
    assert effect(p, agent(2), "issue.solve", Resource(outcome_id="out-1")) == "allow"
    assert effect(p, agent(2), "issue.solve", Resource(outcome_id="out-2")) == "deny"


def test_the_most_restrictive_grant_wins_when_the_actor_holds_two_seats():
    p = policy(grants={"o": {"s1": {"note.add": "allow"}, "s2": {"note.add": "ask"}}})
    assert effect(p, agent(8, seats=("s1", "s2")), "note.add", Resource(outcome_id="o")) == "ask"


def test_a_grant_cannot_hand_an_agent_a_locked_class():
    with pytest.raises(ValueError, match="policy.change"):
        policy(grants={"o": {SEAT: {"policy.change": "allow"}}})


def test_an_unknown_action_raises_a_value_error_naming_it():
    with pytest.raises(ValueError, match="teleport"):
        effect(policy(), agent(8), "teleport")
    with pytest.raises(UnknownActionError):
        policy(seat_overrides={SEAT: {"teleport": "allow"}})
