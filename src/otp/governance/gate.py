"""The runtime half of the gate in otp.governance.authz: turning the request's actor and resource dict into
the pure core's Actor and Resource, the exceptions a refusal raises, the allow counters, and
the bypass for a held action that a human has approved.

Everything here is on the hot path of every mutation. Warm, a decision costs one statement (the
organization's governance epoch, otp.events.epoch) and one in-memory `decide`: the actor's view,
the ancestry of the seats involved and the compiled policy are kept per process for the epoch
they were read in. Cold, or in a transaction that has already written, a handful of indexed
queries (the actor's row and seats, the ancestry up the parent pointers, the policy version).
"""
from __future__ import annotations

import threading
from collections import Counter
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor as AuthActor
from otp.core.errors import ApprovalRequired, Forbidden
from otp.events.epoch import EpochCache, database_of, epoch
from otp.governance.model import Actor, Decision, Resource, resource_fields
from otp.org.models import Agent, Membership, Organization, Seat
from otp.org.tree import Tree



# --------------------------------------------------------------------------- actor and resource
# The hot-path statements are built once: constructing SQL expressions per call costs more than
# running them (SQLAlchemy caches the compiled form of a reused statement).
# The organization's stop switch comes with the agent's row: one query, not two.
_AGENT = select(Agent.level, Agent.status, Agent.org_id, Organization.agents_paused_at) \
    .join(Organization, Organization.id == Agent.org_id).where(Agent.id == bindparam("id"))
_ROLE = select(Membership.role).where(Membership.org_id == bindparam("org"), Membership.person_id == bindparam("id"))
_AGENT_SEATS = select(Seat.id).where(Seat.occupant_agent_id == bindparam("id"))
_PERSON_SEATS = select(Seat.id).where(Seat.occupant_person_id == bindparam("id"))
_t = Seat.__table__
_up = select(_t.c.parent_id.label("id")).where(_t.c.id.in_(bindparam("seats", expanding=True)),
                                               _t.c.parent_id.is_not(None)).cte("up", recursive=True)
# UNION (not UNION ALL) stops on a corrupt cycle.
_up = _up.union(select(_t.c.parent_id).where(_t.c.id == _up.c.id, _t.c.parent_id.is_not(None)))
_ANCESTORS = select(_up.c.id)


# The actor's governance view and seat ancestry, per process, valid within the organization's
# governance epoch (otp.events.epoch): level, status, role, seats, the stop switch and the chart's
# parent pointers change only through services that record an event in the same transaction, and
# such an event moves the epoch. One statement per transaction replaces four to five per decision.
CACHED_VIEWS = 4096
CACHED_ANCESTRIES = 16384
_VIEWS: EpochCache[tuple, Actor] = EpochCache(CACHED_VIEWS)
_ANCESTRY: EpochCache[tuple, frozenset] = EpochCache(CACHED_ANCESTRIES)


def governance_actor(session: Session, actor: AuthActor, tree: Tree | None = None) -> Actor:
    """The decision's Actor, never staler than the last committed event: a token issued at level 3
    must not act at level 3 after a demotion to 1, nor a paused agent act because its token says
    'active'. A caller's own chart (`tree`) bypasses the cache: it may be a what-if."""
    if tree is not None:
        return _read_actor(session, actor, tree)
    now = epoch(session, actor.org_id)  # read before the rows it will label
    key = (database_of(session), actor.org_id, actor.kind, actor.id)
    who = _VIEWS.get(key, now)
    if who is None:
        who = _read_actor(session, actor, None)
        _VIEWS.put(key, now, who)
    return who


def _read_actor(session: Session, actor: AuthActor, tree: Tree | None) -> Actor:
    if actor.kind == "agent":
        row = session.execute(_AGENT, {"id": actor.id}).first()
        if row is None or row[2] != actor.org_id:
            raise Forbidden("this agent no longer exists in the organization")
        seats = frozenset(session.execute(_AGENT_SEATS, {"id": actor.id}).scalars())
        ancestors = _ancestors(session, actor.org_id, seats, tree)
        return Actor("agent", actor.id, actor.org_id, None, row[0], row[1], seats, ancestors, row[3] is not None)
    role = session.execute(_ROLE, {"org": actor.org_id, "id": actor.id}).scalar()
    if role is None:
        raise Forbidden("you are no longer a member of this organization")
    seats = frozenset(session.execute(_PERSON_SEATS, {"id": actor.id}).scalars())
    return Actor("person", actor.id, actor.org_id, role, None, "active", seats,
                 _ancestors(session, actor.org_id, seats, tree))


def _ancestors(session: Session, org_id: str, seats: frozenset, tree: Tree | None) -> frozenset:
    """Seats above any of `seats`: from a loaded chart if there is one, else from the cache or one
    recursive query up the parent pointers (never the whole chart)."""
    if not seats:
        return frozenset()
    if tree is not None:
        return frozenset(a for s in seats for a in tree.ancestors(s))
    now = epoch(session, org_id)
    key = (database_of(session), org_id, seats)
    found = _ANCESTRY.get(key, now)
    if found is None:
        found = frozenset(session.execute(_ANCESTORS, {"seats": list(seats)}).scalars())
        _ANCESTRY.put(key, now, found)
    return found


def to_resource(session: Session, org_id: str, resource: dict | None, tree: Tree | None = None) -> Resource | None:
    """Map a service's resource dict onto Resource: known fields kept, foundation aliases
    renamed, anything else (role, parent_id, ...) dropped. The owner seat's ancestors are
    computed here so scope rules ('own', 'below') can be checked."""
    if not resource:
        return None
    fields = resource_fields(resource)
    owner = fields.get("owner_seat_id")
    if owner is not None:
        fields["owner_seat_ancestor_ids"] = _ancestors(session, org_id, frozenset({owner}), tree)
    return Resource(org_id=org_id, **fields)


# --------------------------------------------------------------------------- held-action bypass
_held: ContextVar[tuple | None] = ContextVar("otp_held_action", default=None)


@contextmanager
def running_held(actor: AuthActor, action: str) -> Iterator[None]:
    """While an approved request's action runs, `require` lets exactly that action through for
    exactly that actor (a service may call require for it more than once); everything else the
    service does is still governed."""
    token = _held.set((actor.kind, actor.id, action))
    try:
        yield
    finally:
        _held.reset(token)


def is_held(actor: AuthActor, action: str) -> bool:
    held = _held.get()
    return held is not None and held == (actor.kind, actor.id, action)


# --------------------------------------------------------------------------- allow counters
_counts: Counter = Counter()
_counts_lock = threading.Lock()


def count_allow(session: Session, org_id: str, action: str) -> None:
    key = (str(session.get_bind().engine.url), org_id, action)
    with _counts_lock:
        _counts[key] += 1


def drain_counts(db_url: str) -> dict[tuple[str, str], int]:
    """Take (and forget) this process's counts for one database."""
    out: dict[tuple[str, str], int] = {}
    with _counts_lock:
        for key in [k for k in _counts if k[0] == db_url]:
            out[(key[1], key[2])] = _counts.pop(key)
    return out


def restore_counts(db_url: str, counts: dict[tuple[str, str], int]) -> None:
    with _counts_lock:
        for (org_id, action), n in counts.items():
            _counts[(db_url, org_id, action)] += n


# --------------------------------------------------------------------------- refusals
def record_refusal(session: Session, actor: AuthActor, action: str, rule: str, reason: str, resource: dict | None,
                   *, asked: bool = False) -> None:
    """The governance.denied event every refusal leaves; `asked`: the actor only asked whether it
    may (request_approval), which is on record but is no attempt."""
    from otp.events.service import record
    payload = {"action": action, "rule": rule, "reason": reason, "resource": resource or {}}
    record(session, actor, "governance.denied", "action", None, {**payload, "asked": True} if asked else payload)


class Denied(Forbidden):
    """decide said deny. The rule is in the message and on `.rule`; after the rollback, the
    refusal leaves a governance.denied event (and, for a hard-deny attempt by an agent, an
    incident that demotes it)."""

    def __init__(self, actor: AuthActor, action: str, decision: Decision, resource: dict | None):
        super().__init__(f"{decision.reason} (rule {decision.rule})", code="governance_denied")
        self.rule, self.reason, self.actor, self.action = decision.rule, decision.reason, actor, action
        self.resource = resource or {}

    def persist_after_rollback(self, session: Session) -> None:
        record_refusal(session, self.actor, self.action, self.rule, self.reason, self.resource)
        if self.actor.kind == "agent" and self.rule.startswith("hard_deny:"):
            from otp.governance.autonomy import record_incident
            record_incident(session, self.actor.org_id, self.actor.id, "hard_deny",
                            {"action": self.action, "rule": self.rule, "resource": self.resource})


class Held(ApprovalRequired):
    """decide said ask. After the rollback, the approval request is created (with its event and
    inbox item) and `approval_id` / `approver` are set before the exception reaches the face."""

    def __init__(self, actor: AuthActor, action: str, decision: Decision, resource: dict | None,
                 payload: dict | None):
        super().__init__(f"{decision.reason}: an approval request holds this action (rule {decision.rule})")
        self.rule, self.reason, self.actor, self.action = decision.rule, decision.reason, actor, action
        self.resource, self.payload = resource or {}, payload

    def persist_after_rollback(self, session: Session) -> None:
        from otp.governance.approvals import open_request
        request, approver = open_request(session, self.actor, self.action, self.payload, self.resource,
                                         rule=self.rule, reason=self.reason)
        self.approval_id = request.id
        self.approver = approver
