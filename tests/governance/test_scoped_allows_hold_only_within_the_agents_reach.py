from otp.governance import Resource

from ._helpers import BOSS_SEAT, CHILD_SEAT, OTHER_SEAT, SEAT, agent, effect, policy, rule

P = policy()


def test_an_owner_agent_updates_its_own_measurable():
    assert effect(P, agent(5), "measurable.update", Resource(owner_seat_id=SEAT)) == "allow"


def test_an_owner_agent_asks_to_update_someone_elses_measurable():
    r = Resource(owner_seat_id=OTHER_SEAT)
    assert effect(P, agent(5), "measurable.update", r) == "ask"
    assert rule(P, agent(5), "measurable.update", r) == "matrix_scope:L5:measurable.update"


def test_a_task_executor_asks_to_complete_a_todo_without_a_known_owner():
    assert effect(P, agent(8), "todo.complete", Resource()) == "ask"


def test_an_outcome_owner_assigns_todos_to_seats_below_but_asks_for_seats_elsewhere():
    below = Resource(owner_seat_id=CHILD_SEAT, owner_seat_ancestor_ids={SEAT, BOSS_SEAT})
    beside = Resource(owner_seat_id=OTHER_SEAT, owner_seat_ancestor_ids={BOSS_SEAT})
    assert effect(P, agent(7), "todo.assign", below) == "allow"
    assert effect(P, agent(7), "todo.assign", beside) == "ask"


def test_a_team_lead_moves_outcomes_only_within_its_own_subtree():
    # Issue 18: the outcome's current seat is checked too, so the scope is own_or_below (an
    # outcome is handed from its own seat to a seat below, or taken back).
    assert effect(P, agent(8), "outcome.assign", Resource(owner_seat_id=CHILD_SEAT, owner_seat_ancestor_ids={SEAT})) == "allow"
    assert effect(P, agent(8), "outcome.assign", Resource(owner_seat_id=SEAT, owner_seat_ancestor_ids={BOSS_SEAT})) == "allow"
    assert effect(P, agent(8), "outcome.assign", Resource(owner_seat_id=BOSS_SEAT, owner_seat_ancestor_ids=set())) == "ask"


def test_a_scope_edit_widens_the_reach():
    p = policy(scopes={"measurable.update": None})
    assert effect(p, agent(5), "measurable.update", Resource(owner_seat_id=OTHER_SEAT)) == "allow"
