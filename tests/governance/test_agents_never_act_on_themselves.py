import pytest

from otp.governance import LEVELS, Resource

from ._helpers import CHILD_SEAT, SEAT, agent, effect, person, policy, rule

OPEN = policy(matrix_overrides={(8, "budget.change"): "allow", (8, "agent.manage"): "allow"},
              seat_overrides={SEAT: {"budget.change": "allow", "agent.manage": "allow"}})


@pytest.mark.parametrize("action, rule_id", [
    ("agent.level.change", "self_protection:own_level"),
    ("budget.change", "self_protection:own_budget"),
    ("agent.manage", "self_protection:own_agent"),
])
@pytest.mark.parametrize("target", ["agent-1", None])
def test_an_agent_never_changes_its_own_level_budget_or_record(action, rule_id, target):
    r = Resource(target_agent_id=target)
    assert (effect(OPEN, agent(8), action, r), rule(OPEN, agent(8), action, r)) == ("deny", rule_id)


def test_an_opened_budget_change_still_works_on_another_agent():
    assert effect(OPEN, agent(8), "budget.change", Resource(target_agent_id="agent-2")) == "allow"


@pytest.mark.parametrize("level", LEVELS)
def test_an_agent_never_changes_policy(level):
    assert rule(OPEN, agent(level), "policy.change") == "self_protection:policy"


def _approval(requester="agent-1", kind="agent", held=None, target=None):
    return Resource(owner_seat_id=CHILD_SEAT, owner_seat_ancestor_ids={SEAT}, requester_id=requester,
                    requester_kind=kind, held_action=held, target_agent_id=target)


def test_an_agent_never_approves_its_own_request():
    assert rule(OPEN, agent(8), "approval.decide", _approval()) == "self_protection:own_request"


def test_a_person_never_approves_their_own_request_even_as_owner():
    assert effect(policy(), person("owner", id="agent-1"), "approval.decide", _approval(kind="person")) == "deny"


def test_an_approval_without_a_known_requester_is_denied():
    assert effect(policy(), person("owner"), "approval.decide", Resource()) == "deny"


def test_a_same_id_of_another_kind_is_not_the_approver():
    assert effect(policy(), person("owner", id="agent-1"), "approval.decide", _approval(kind="agent")) == "allow"


def test_a_team_lead_cannot_approve_a_held_change_to_its_own_budget():
    assert rule(OPEN, agent(8), "approval.decide",
                _approval("agent-2", held="budget.change", target="agent-1")) == "self_protection:own_budget"


def test_a_team_lead_approves_what_it_could_do_itself_but_not_beyond():
    assert effect(policy(), agent(8), "approval.decide", _approval("agent-2", held="todo.complete")) == "allow"
    assert rule(policy(), agent(8), "approval.decide",
                _approval("agent-2", held="data.delete")) == "approval_authority:data.delete"


def test_nobody_accepts_their_own_outcome():
    r = Resource(owner_seat_id=SEAT)
    assert rule(policy(), agent(8), "outcome.complete", r) == "self_protection:own_review"
    assert rule(policy(), person("owner"), "outcome.complete", r) == "self_protection:own_review"
