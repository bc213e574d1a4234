"""Per-test helpers: build actors, resources and policies in one line each."""
from __future__ import annotations

from otp.governance import Actor, PolicySet, Resource, decide

SEAT = "seat-me"
BOSS_SEAT = "seat-boss"
CHILD_SEAT = "seat-child"
OTHER_SEAT = "seat-other"


def agent(level: int = 1, *, status: str = "active", seats=(SEAT,), id="agent-1") -> Actor:
    return Actor.agent(id, level, org_id="org", status=status, seat_ids=seats, ancestor_seat_ids={BOSS_SEAT})


def person(role: str = "member", *, seats=(SEAT,), id="person-1") -> Actor:
    return Actor.person(id, role, org_id="org", seat_ids=seats)


def policy(**kw) -> PolicySet:
    kw.setdefault("org_id", "org")
    kw.setdefault("spend_limits", {"per_action": {"external.spend": 10_000}})
    kw.setdefault("channel_allowlist", ["slack:#ops"])
    return PolicySet.build(**kw)


def within_reach(action: str, actor_id="agent-1") -> Resource:
    """A resource on which `action` is in the actor's reach and passes every ceiling."""
    below = {"approval.decide", "outcome.assign"}
    return Resource(
        org_id="org",
        owner_seat_id=CHILD_SEAT if action in below or action == "outcome.complete" else SEAT,
        owner_seat_ancestor_ids={SEAT, BOSS_SEAT} if action in below or action == "outcome.complete" else {BOSS_SEAT},
        target_agent_id="agent-other",
        target_person_id="person-other",
        requester_id="agent-other" if action == "approval.decide" else None,
        requester_kind="agent" if action == "approval.decide" else None,
        amount_cents=500,
        channel="slack:#ops",
    )


def effect(p: PolicySet, actor: Actor, action: str, resource: Resource | None = None, **context) -> str:
    return decide(p, actor, action, resource if resource is not None else within_reach(action), context or None).effect


def rule(p: PolicySet, actor: Actor, action: str, resource: Resource | None = None, **context) -> str:
    return decide(p, actor, action, resource if resource is not None else within_reach(action), context or None).rule
