"""The three values `decide` speaks in: who acts (Actor), on what (Resource), and the answer (Decision).

All three are small frozen, slotted dataclasses: cheap to build per request, safe to share.
Ids are whatever the database uses (int or str); they are only compared for equality.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Hashable, Literal

from .matrix import LEVELS
from .roles import ROLES

Id = Hashable
AGENT_STATUSES: tuple[str, ...] = ("active", "paused", "retired")


@dataclass(frozen=True, slots=True)
class Decision:
    """``effect`` is 'allow' | 'ask' | 'deny'; ``rule`` is a stable id of the rule that matched
    (e.g. ``'hard_deny:no-prod'``, ``'matrix:L5:measurable.report'``, ``'role:member'``);
    ``reason`` is a human sentence for logs, events and 4xx messages.

    Decisions for static rules are built once at compile time and shared: compare with ``==``.
    """

    effect: Literal["allow", "ask", "deny"]
    rule: str
    reason: str

    @property
    def allowed(self) -> bool:
        return self.effect == "allow"

    @property
    def needs_approval(self) -> bool:
        return self.effect == "ask"

    @property
    def denied(self) -> bool:
        return self.effect == "deny"


@dataclass(frozen=True, slots=True)
class Actor:
    """A person or an agent, as resolved by a face from a session or token.

    - person: ``role`` is the membership role in ``org_id`` (owner, admin, member, observer).
    - agent: ``level`` 1..8 and ``status`` active | paused | retired.
    - ``org_stopped``: agents only; the organization paused all agents (the stop switch).
    - ``seat_ids``: seats the actor holds; ``ancestor_seat_ids``: seats above them (informational
      for callers such as approval routing; scope checks use the resource's ancestors).
    """

    kind: Literal["person", "agent"]
    id: Id
    org_id: Id | None = None
    role: str | None = None
    level: int | None = None
    status: str = "active"
    seat_ids: frozenset = field(default_factory=frozenset)
    ancestor_seat_ids: frozenset = field(default_factory=frozenset)
    # agents: the organization's stop switch is on (otp.governance.stop_switch)
    org_stopped: bool = False
    # The seat, when the actor holds exactly one (as nearly every actor does), else None. Derived
    # from seat_ids: `decide` reads it on every call instead of unpacking the set each time.
    sole_seat: Id | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.kind == "agent":
            if isinstance(self.level, bool) or self.level not in LEVELS:
                raise ValueError(f"agent {self.id!r}: level must be an integer 1..8, got {self.level!r}")
            if self.status not in AGENT_STATUSES:
                raise ValueError(f"agent {self.id!r}: status must be one of {AGENT_STATUSES}, got {self.status!r}")
        elif self.kind == "person":
            if self.role not in ROLES:
                raise ValueError(f"person {self.id!r}: role must be one of {ROLES}, got {self.role!r}")
        else:
            raise ValueError(f"actor kind must be 'person' or 'agent', got {self.kind!r}")
        if not isinstance(self.seat_ids, frozenset):
            object.__setattr__(self, "seat_ids", frozenset(self.seat_ids))
        if not isinstance(self.ancestor_seat_ids, frozenset):
            object.__setattr__(self, "ancestor_seat_ids", frozenset(self.ancestor_seat_ids))
        if len(self.seat_ids) == 1:
            (seat,) = self.seat_ids
            object.__setattr__(self, "sole_seat", seat)

    @classmethod
    def agent(cls, id: Id, level: int, *, org_id: Id | None = None, status: str = "active",
              seat_ids=(), ancestor_seat_ids=()) -> "Actor":
        return cls("agent", id, org_id, None, level, status, frozenset(seat_ids), frozenset(ancestor_seat_ids))

    @classmethod
    def person(cls, id: Id, role: str, *, org_id: Id | None = None, seat_ids=(), ancestor_seat_ids=()) -> "Actor":
        return cls("person", id, org_id, role, None, "active", frozenset(seat_ids), frozenset(ancestor_seat_ids))

    @property
    def is_agent(self) -> bool:
        return self.kind == "agent"


@dataclass(frozen=True, slots=True)
class Resource:
    """What the action targets. Every field is optional; rules that need one fail closed without it.

    - ``owner_seat_id`` / ``owner_seat_ancestor_ids``: the seat that owns the target (for
      ``todo.assign``/``outcome.assign``: the seat it is being assigned *to*; for
      ``approval.decide``: the requester's seat) and all seats above that seat.
    - ``outcome_id``: the outcome the action is pursued under (selects outcome grants).
    - ``target_agent_id``: the agent acted upon by agent.manage / agent.level.change /
      budget.change (for ``approval.decide``: the target of the *held* action).
    - ``target_person_id``: the person acted upon (``token.manage`` of one's own tokens).
    - ``requester_id`` / ``requester_kind``: who asked, for ``approval.decide``. Give the kind:
      without it, an id equal to the approver's is treated as the approver (fail closed).
    - ``held_action``: for ``approval.decide``, the action class the approval would run.
    - ``amount_cents``, ``channel``: for spend limits and the channel allow-list.
    """

    type: str | None = None
    id: Id | None = None
    org_id: Id | None = None
    owner_seat_id: Id | None = None
    owner_seat_ancestor_ids: frozenset = field(default_factory=frozenset)
    outcome_id: Id | None = None
    target_agent_id: Id | None = None
    target_person_id: Id | None = None
    requester_id: Id | None = None
    requester_kind: str | None = None
    held_action: str | None = None
    amount_cents: int | None = None
    channel: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.owner_seat_ancestor_ids, frozenset):
            object.__setattr__(self, "owner_seat_ancestor_ids", frozenset(self.owner_seat_ancestor_ids))


# The fields a service's resource dict may name (the rest are computed by the gate).
_FIELDS = frozenset(Resource.__slots__) - {"owner_seat_ancestor_ids", "org_id"}
# Keys the foundation services pass under their own names.
_ALIASES = {"person_id": "target_person_id", "agent_id": "target_agent_id", "seat_id": "owner_seat_id"}


def resource_fields(resource: dict) -> dict:
    """A service's resource dict in Resource's field names: foundation aliases renamed, unknown
    keys and empty values dropped."""
    fields = {}
    for key, value in resource.items():
        key = _ALIASES.get(key, key)
        if key in _FIELDS and value is not None:
            fields[key] = value
    return fields
