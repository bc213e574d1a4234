import pytest

from otp.governance import DEFAULT_CATALOG, Resource

from ._helpers import SEAT, effect, person, policy, rule

P = policy()
ADMIN_ONLY = ["policy.change", "agent.level.change", "budget.change", "person.manage", "org.settings", "token.manage",
              # destructive or outward (issue 18): a member asks an admin
              "meeting.series.delete", "oos.publish", "data.delete", "deploy"]


@pytest.mark.parametrize("role", ["owner", "admin"])
@pytest.mark.parametrize("action", sorted(DEFAULT_CATALOG))
def test_owners_and_admins_may_do_everything(role, action):
    assert effect(P, person(role), action, Resource(owner_seat_id="x", requester_id="y")) == "allow"


@pytest.mark.parametrize("action", ADMIN_ONLY)
def test_a_member_may_not_do_admin_work(action):
    assert (effect(P, person("member"), action), rule(P, person("member"), action)) == ("deny", "role:member")


@pytest.mark.parametrize("action", sorted(set(DEFAULT_CATALOG) - set(ADMIN_ONLY)))
def test_a_member_may_do_ordinary_work(action):
    assert effect(P, person("member"), action, Resource(owner_seat_id="x", requester_id="y")) == "allow"


def test_a_member_manages_their_own_tokens_but_nobody_elses():
    assert effect(P, person("member"), "token.manage", Resource(target_person_id="person-1")) == "allow"
    assert effect(P, person("member"), "token.manage", Resource(target_person_id="person-2")) == "deny"


@pytest.mark.parametrize("action", sorted(DEFAULT_CATALOG))
def test_an_observer_only_reads_and_escalates(action):
    expected = "allow" if action in ("read", "escalation.raise") else "deny"
    assert effect(P, person("observer"), action) == expected


def test_a_seat_override_can_restrict_a_member_but_not_an_admin():
    p = policy(seat_overrides={SEAT: {"external.spend": "ask"}})
    assert effect(p, person("member"), "external.spend") == "ask"
    assert effect(p, person("admin"), "external.spend") == "allow"


def test_people_are_not_bound_by_agent_spend_limits():
    assert effect(P, person("member"), "external.spend", Resource(amount_cents=10**9)) == "allow"
