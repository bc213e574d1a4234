"""Policy rules as plain data: hard-deny rules, outcome grants, seat overrides, spend limits.

These are the shapes the database layer produces from stored policy rows; every class also
accepts a plain mapping through ``from_data``. Validation happens here, once, so that
:func:`otp.governance.decide` never has to.

Conditions (on hard-deny rules) compare one *field* against a constant. The field is looked up
in ``context`` first, then on the :class:`~otp.governance.model.Resource` (so
``amount_cents`` and ``channel`` work from either). A condition whose field is missing, or
whose comparison is ill-typed, **holds** — a hard-deny rule fails closed.
"""
from __future__ import annotations

import operator
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Callable, Hashable, Iterable, Mapping

from .matrix import EFFECTS, LEVELS

APPLIES_TO: tuple[str, ...] = ("agents", "everyone")

_ORDERING = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le}
_EQUALITY = {"==": operator.eq, "!=": operator.ne}
_MEMBERSHIP = {"in": operator.contains, "not_in": lambda s, v: v not in s}
OPS: tuple[str, ...] = (*_ORDERING, *_EQUALITY, *_MEMBERSHIP)

_MISSING = object()


def _require_id(kind: str, value: object) -> None:
    if value is None or value == "":
        raise ValueError(f"{kind}: id is required")


@dataclass(frozen=True, slots=True)
class Condition:
    """``field op value``; op one of ``> >= < <= == != in not_in``."""

    field: str
    op: str
    value: Any

    def __post_init__(self) -> None:
        if not isinstance(self.field, str) or not self.field:
            raise ValueError(f"condition field must be a non-empty string, got {self.field!r}")
        if self.op not in OPS:
            raise ValueError(f"condition on {self.field!r}: op must be one of {OPS}, got {self.op!r}")
        if self.op in _ORDERING and (isinstance(self.value, bool) or not isinstance(self.value, (int, float))):
            raise ValueError(f"condition {self.field} {self.op}: value must be a number, got {self.value!r}")
        if self.op in _MEMBERSHIP:
            if isinstance(self.value, (str, bytes)) or not isinstance(self.value, Iterable):
                raise ValueError(f"condition {self.field} {self.op}: value must be a list, got {self.value!r}")
            object.__setattr__(self, "value", frozenset(self.value))

    @classmethod
    def from_data(cls, data: "Condition | Mapping[str, Any] | tuple") -> "Condition":
        if isinstance(data, Condition):
            return data
        if isinstance(data, Mapping):
            return cls(data.get("field"), data.get("op"), data.get("value"))  # type: ignore[arg-type]
        f, op, v = data
        return cls(f, op, v)

    def compile(self) -> Callable[[Any, Any], bool]:
        """A predicate ``(resource, context) -> bool`` with the operator bound once."""
        name, value = self.field, self.value
        if self.op in _MEMBERSHIP:
            member = self.op == "in"

            def test(actual: Any) -> bool:
                try:
                    return (actual in value) is member
                except TypeError:  # unhashable actual: fail closed
                    return True
        else:
            fn = _ORDERING.get(self.op) or _EQUALITY[self.op]

            def test(actual: Any) -> bool:
                try:
                    return bool(fn(actual, value))
                except TypeError:
                    return True

        def predicate(resource: Any, context: Mapping[str, Any] | None) -> bool:
            actual = _MISSING
            if context:
                actual = context.get(name, _MISSING)
            if actual is _MISSING or actual is None:
                actual = getattr(resource, name, None) if resource is not None else None
            if actual is None:
                return True  # unknown: fail closed
            return test(actual)

        return predicate


@dataclass(frozen=True, slots=True)
class HardDenyRule:
    """Deny ``actions`` (names or patterns like ``'external.*'``) whenever all ``when`` conditions
    hold (no conditions: always). ``applies_to``: 'agents' (default) or 'everyone' (people too,
    owners included). No level, grant or override outranks a hard-deny rule."""

    id: Hashable
    actions: tuple[str, ...]
    applies_to: str = "agents"
    when: tuple[Condition, ...] = ()
    reason: str = ""

    def __post_init__(self) -> None:
        _require_id("hard-deny rule", self.id)
        acts = (self.actions,) if isinstance(self.actions, str) else tuple(self.actions)
        if not acts:
            raise ValueError(f"hard-deny rule {self.id!r}: at least one action class is required")
        object.__setattr__(self, "actions", acts)
        if self.applies_to not in APPLIES_TO:
            raise ValueError(f"hard-deny rule {self.id!r}: applies_to must be one of {APPLIES_TO}, got {self.applies_to!r}")
        object.__setattr__(self, "when", tuple(Condition.from_data(c) for c in self.when))

    @classmethod
    def from_data(cls, data: "HardDenyRule | Mapping[str, Any]") -> "HardDenyRule":
        if isinstance(data, HardDenyRule):
            return data
        actions = data.get("actions", data.get("action"))
        if actions is None:
            raise ValueError(f"hard-deny rule {data.get('id')!r}: 'actions' is required")
        when = data.get("when", data.get("conditions", ()))
        if isinstance(when, Mapping):
            when = (when,)
        return cls(data.get("id"), actions, data.get("applies_to", "agents"), tuple(when), data.get("reason", ""))


def _check_effect(kind: str, rid: object, effect: object) -> None:
    if effect not in EFFECTS:
        raise ValueError(f"{kind} {rid!r}: effect must be one of {EFFECTS}, got {effect!r}")


@dataclass(frozen=True, slots=True)
class OutcomeGrant:
    """Under outcome ``outcome_id``, whoever holds ``seat_id`` gets ``effect`` for ``action``
    (a name or pattern). Outcome grants are the outcome's *authority*; they outrank seat
    overrides and the level matrix but never hard-deny or structural rules."""

    id: Hashable
    outcome_id: Hashable
    seat_id: Hashable
    action: str
    effect: str = "allow"

    def __post_init__(self) -> None:
        _require_id("outcome grant", self.id)
        _check_effect("outcome grant", self.id, self.effect)

    @classmethod
    def from_data(cls, data: "OutcomeGrant | Mapping[str, Any]") -> "OutcomeGrant":
        if isinstance(data, OutcomeGrant):
            return data
        return cls(data.get("id"), data["outcome_id"], data["seat_id"], data["action"], data.get("effect", "allow"))


@dataclass(frozen=True, slots=True)
class SeatOverride:
    """Whoever holds ``seat_id`` gets ``effect`` for ``action`` (name or pattern), in place of
    the level matrix (agents) or within the role (members)."""

    id: Hashable
    seat_id: Hashable
    action: str
    effect: str

    def __post_init__(self) -> None:
        _require_id("seat override", self.id)
        _check_effect("seat override", self.id, self.effect)

    @classmethod
    def from_data(cls, data: "SeatOverride | Mapping[str, Any]") -> "SeatOverride":
        if isinstance(data, SeatOverride):
            return data
        return cls(data.get("id"), data["seat_id"], data["action"], data["effect"])


@dataclass(frozen=True, slots=True)
class SpendLimits:
    """Per-action and per-level spend limits in cents, applied to an agent's ``allow``.

    An amount *at* the limit is allowed; one cent over asks. When both apply the lower binds.
    ``external.spend`` with no configured limit has a limit of 0 (no authority to spend until
    an org grants one); other classes are limited only if they appear in ``per_action``.
    """

    per_action: Mapping[str, int] = field(default_factory=dict)
    per_level: Mapping[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for k, v in dict(self.per_action).items():
            if isinstance(v, bool) or not isinstance(v, int) or v < 0:
                raise ValueError(f"spend limit for {k!r} must be a non-negative integer of cents, got {v!r}")
        per_level: dict[int, int] = {}
        for k, v in dict(self.per_level).items():
            lv = int(k) if isinstance(k, str) and k.isdigit() else k
            if lv not in LEVELS:
                raise ValueError(f"spend limit level must be 1..8, got {k!r}")
            if isinstance(v, bool) or not isinstance(v, int) or v < 0:
                raise ValueError(f"spend limit for level {k!r} must be a non-negative integer of cents, got {v!r}")
            per_level[lv] = v  # type: ignore[index]
        object.__setattr__(self, "per_action", MappingProxyType(dict(self.per_action)))
        object.__setattr__(self, "per_level", MappingProxyType(per_level))

    @classmethod
    def from_data(cls, data: "SpendLimits | Mapping[str, Any] | None") -> "SpendLimits":
        if data is None:
            return cls()
        if isinstance(data, SpendLimits):
            return data
        return cls(data.get("per_action", {}), data.get("per_level", {}))


def grants_from_data(data: object) -> list[OutcomeGrant]:
    """Rows (``OutcomeGrant`` / mappings) or nested ``{outcome_id: {seat_id: {action: effect}}}``."""
    if isinstance(data, Mapping):
        out = []
        for outcome_id, seats in data.items():
            for seat_id, actions in seats.items():
                for action, effect in actions.items():
                    out.append(OutcomeGrant(f"{outcome_id}:{seat_id}:{action}", outcome_id, seat_id, action, effect))
        return out
    return [OutcomeGrant.from_data(g) for g in data]  # type: ignore[union-attr]


def overrides_from_data(data: object) -> list[SeatOverride]:
    """Rows (``SeatOverride`` / mappings) or nested ``{seat_id: {action: effect}}``."""
    if isinstance(data, Mapping):
        return [SeatOverride(f"{seat_id}:{action}", seat_id, action, effect)
                for seat_id, actions in data.items() for action, effect in actions.items()]
    return [SeatOverride.from_data(o) for o in data]  # type: ignore[union-attr]
