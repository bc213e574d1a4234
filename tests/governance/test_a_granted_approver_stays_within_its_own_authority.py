"""A seat override or outcome grant that lets an agent answer approvals does not widen what it
may approve: a hard-denied or out-of-authority held action is still refused."""
from otp.governance import Resource

from ._helpers import CHILD_SEAT, SEAT, agent, effect, policy, rule

GRANTED = {"seat_overrides": {SEAT: {"approval.decide": "allow"}}}


def _held(action: str, outcome_id=None) -> Resource:
    return Resource(owner_seat_id=CHILD_SEAT, owner_seat_ancestor_ids={SEAT}, requester_id="agent-2",
                    requester_kind="agent", held_action=action, outcome_id=outcome_id)


def test_a_seat_override_does_not_let_an_agent_approve_a_hard_denied_action():
    p = policy(hard_deny=[{"id": "keep-data", "actions": ["data.delete"]}], **GRANTED)
    assert rule(p, agent(2), "approval.decide", _held("data.delete")) == "hard_deny:keep-data"


def test_a_seat_override_does_not_let_an_agent_approve_beyond_its_level():
    p = policy(**GRANTED)
    assert rule(p, agent(2), "approval.decide", _held("sop.edit")) == "approval_authority:sop.edit"
    assert effect(p, agent(2), "approval.decide", _held("measurable.report")) == "allow"


def test_an_outcome_grant_is_bounded_the_same_way():
    p = policy(grants={"o1": {SEAT: {"approval.decide": "allow"}}})
    assert rule(p, agent(2), "approval.decide", _held("deploy", "o1")) == "approval_authority:deploy"
