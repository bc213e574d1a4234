"""Property: whatever sequence of real service calls runs, an agent never raises its own level,
approves its own request, changes policy or its budget, or gets allow for a hard-denied class."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from otp.auth.actor import Actor
from otp.governance.authz import evaluate
from otp.core.errors import OTPError
from otp.governance import approvals as appr
from otp.governance import autonomy, escalations, guards, policy_edit, store
from otp.governance.external import declare
from otp.governance.models import ApprovalRequest
from otp.governance.settings import DEFAULTS
from tests.governance_runtime.kit import agent_row, as_agent, as_person, chart

ALL = frozenset({"read", "write", "admin"})  # past the token scopes: decide itself must hold the line


def agent_steps(s, agent: Actor, other_id: str):
    me = agent.id
    return {
        "raise_own_level": lambda: autonomy.change_level(s, agent, agent_id=me, to_level=8, why="mine"),
        "raise_other_level": lambda: autonomy.change_level(s, agent, agent_id=other_id, to_level=8, why="x"),
        "own_budget": lambda: guards.set_budget(s, agent, agent_id=me, monthly_budget_cents=10**9),
        "policy": lambda: policy_edit.update_policy(s, agent, hard_deny=[], channel_allowlist=["anywhere"]),
        "resume_self": lambda: guards.resume(s, agent, me),
        "pause_self": lambda: guards.pause(s, agent, me, "stopping"),
        "deploy": lambda: declare(s, agent, action="deploy"),
        "spend": lambda: declare(s, agent, action="external.spend", amount_cents=9_999),
        "escalate": lambda: escalations.raise_escalation(s, agent, reason="help"),
        "heartbeat": lambda: guards.heartbeat(s, agent),
        "approve_any": lambda: [appr.decide_request(s, agent, approval_id=r.id, approve=True)
                                for r in s.execute(select(ApprovalRequest).where(
                                    ApprovalRequest.org_id == agent.org_id,
                                    ApprovalRequest.state.in_(("pending", "escalated")))).scalars()],
    }


def owner_steps(s, owner: Actor, org_id: str, agent_id: str):
    return {
        "owner_pauses": lambda: guards.pause(s, owner, agent_id),
        "owner_resumes": lambda: guards.resume(s, owner, agent_id),
        "owner_sets_level": lambda: autonomy.change_level(s, owner, agent_id=agent_id, to_level=7, why="trusted",
                                                                  override=True, reason="trusted"),
        "platform_proposes": lambda: autonomy.propose_promotion(s, org_id, agent_id),
    }


STEPS = sorted([*agent_steps(None, Actor("agent", "a", "o"), "b"),
                *owner_steps(None, Actor("person", "p", "o"), "o", "a")])


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(STEPS), min_size=1, max_size=10))
def test_no_sequence_of_calls_lets_an_agent_escape_its_boundaries(org, db, steps):
    if not hasattr(org, "_c"):
        org._c = chart(org, level=6)
        with db.write() as s:
            owner = as_person(db, org.owner_id, org.org_id)
            policy_edit.update_policy(s, owner, hard_deny=[{"id": "no-deploy", "actions": ["deploy"]}])
        org._other = org.agent("Other", level=2)
        org.ok("PATCH", f"/api/v1/organizations/{org.org_id}",
               {"settings": {"promotion": {**DEFAULTS["promotion"], "min_days_at_level": 0, "min_completed_items": 0}}})
    c, owner = org._c, as_person(db, org.owner_id, org.org_id)
    agent_id = c.agent["id"]
    for step in steps:
        before = agent_row(db, agent_id)
        with db.read() as s:
            version = store.version_of(s, org.org_id)
        agent = as_agent(db, agent_id, scopes=ALL)
        try:
            with db.write() as s:
                table = {**agent_steps(s, agent, org._other["id"]), **owner_steps(s, owner, org.org_id, agent_id)}
                table[step]()
        except OTPError:
            pass
        after = agent_row(db, agent_id)
        if not step.startswith(("owner_", "platform_")):
            assert after.level <= before.level, step
            assert after.monthly_budget_cents == before.monthly_budget_cents, step
            with db.read() as s:
                assert store.version_of(s, org.org_id) == version, step
        with db.read() as s:
            assert evaluate(s, as_agent(db, agent_id), "deploy").effect == "deny"
            own = s.execute(select(ApprovalRequest).where(
                ApprovalRequest.org_id == org.org_id, ApprovalRequest.decided_by_id == ApprovalRequest.requester_id,
                ApprovalRequest.decided_by_kind == ApprovalRequest.requester_kind)).first()
            assert own is None
            # a proposal to promote the agent is never signed by the agent itself
            signed = s.execute(select(ApprovalRequest).where(
                ApprovalRequest.org_id == org.org_id, ApprovalRequest.decided_by_id == agent_id,
                ApprovalRequest.action.in_(("agent.level.change", "budget.change", "policy.change")))).first()
            assert signed is None
            # issue 18: paused means quiet — no request of its own stays open while it is paused
            if after.status == "paused":
                assert s.execute(select(ApprovalRequest).where(
                    ApprovalRequest.requester_id == agent_id,
                    ApprovalRequest.state.in_(("pending", "escalated")))).first() is None, step
    assert org.events("external.authorized") == [] or all(
        e.payload["action"] != "deploy" for e in org.events("external.authorized"))
