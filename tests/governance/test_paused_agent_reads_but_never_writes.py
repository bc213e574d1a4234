import pytest

from otp.governance import DEFAULT_CATALOG

from ._helpers import SEAT, agent, effect, policy, rule

P = policy(seat_overrides={SEAT: {"note.add": "allow"}})
WRITES = sorted(n for n, c in DEFAULT_CATALOG.items() if c.writes)


def test_a_paused_agent_still_reads():
    assert effect(P, agent(8, status="paused"), "read") == "allow"


@pytest.mark.parametrize("action", WRITES)
def test_a_paused_agent_is_denied_every_write(action):
    assert (effect(P, agent(8, status="paused"), action), rule(P, agent(8, status="paused"), action)) == \
        ("deny", "agent_paused")


def test_a_retired_agent_may_not_even_read():
    assert rule(P, agent(8, status="retired"), "read") == "agent_retired"


def test_an_actor_from_another_org_is_denied():
    from otp.governance import Actor
    stranger = Actor.agent("x", 8, org_id="other-org")
    assert rule(P, stranger, "read") == "org_mismatch"
