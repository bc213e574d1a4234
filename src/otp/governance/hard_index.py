"""The hard-deny rules of one action class, compiled so a decision does not scan them all.

A decision returns the FIRST hard-deny rule (in policy order) whose conditions all hold. A plain
scan costs one predicate call per rule, so an organization with hundreds of "amount over T"
rules paid for every one of them on every spend. Compilation here keeps the answer exactly the
same and makes the common shapes cheap:

- Nothing after the first unconditional rule can ever be the first match: it is dropped.
- Rules with one ``>``/``>=`` condition on a field (``amount_cents > 50000``) form a threshold
  group per field. A rule of the group whose threshold is not below every earlier one's is
  never first (an earlier rule matches whenever it does), so the kept thresholds fall strictly
  and the first match is found by bisection.
- Every other rule is scanned in order, but only up to the position of the group's match.

Unknown values fail closed exactly as the predicates do: a missing value (``None``) or one that
cannot be compared matches the group's first rule.
"""
from __future__ import annotations

from bisect import bisect_left
from typing import Any, Callable, Mapping, Sequence

from .model import Decision
from .rules import Condition

Predicate = Callable[[Any, Any], bool]
HardRules = Callable[[Any, Mapping[str, Any] | None], Decision | None]
# A condition "x > T" or "x >= T" holds exactly when (x, 1) > key, with key (T, 1) or (T, 0).
_STRICTNESS = {">": 1, ">=": 0}


class _ThresholdGroup:
    """The kept ``field > T`` rules of one field: keys strictly decreasing in policy order."""
    __slots__ = ("field", "positions", "keys")

    def __init__(self, field: str):
        self.field = field
        self.positions: list[int] = []
        self.keys: list[tuple[Any, int]] = []

    def add(self, position: int, key: tuple[Any, int]) -> None:
        if self.keys and not key < self.keys[-1]:
            return  # an earlier rule of the group matches whenever this one does
        self.positions.append(position)
        self.keys.append(key)

    def finder(self) -> Callable[[Any, Mapping[str, Any] | None], int | None]:
        """``(resource, context)`` → the position of the group's first matching rule, or None.
        A closure over locals: this runs on every decision of the action class."""
        field, positions, keys = self.field, tuple(self.positions), tuple(self.keys)
        ascending, count, first_position = keys[::-1], len(keys), positions[0]

        def first(resource: Any, context: Mapping[str, Any] | None) -> int | None:
            # the predicates' lookup: the context first, then the resource; None is unknown
            actual = context.get(field) if context else None
            if actual is None and resource is not None:
                actual = getattr(resource, field, None)
            if actual is None:
                return first_position  # unknown: fail closed
            probe = (actual, 1)
            try:
                # the keys below the probe are the matching rules: a suffix, as keys fall
                index = count - bisect_left(ascending, probe)
            except TypeError:  # a value that cannot be compared: fail closed
                return first_position
            return positions[index] if index < count else None  # NaN is below no key

        return first


def compile_hard_rules(rules: Sequence[tuple[tuple[Condition, ...], tuple[Predicate, ...], Decision]]
                       ) -> HardRules | None:
    """The rules of one action class, in policy order, as one function
    ``(resource, context)`` → the decision of the first rule that matches, or None.
    No rules: None, so the caller skips the call altogether. The function's `unconditional` is
    the decision of the first rule without conditions, or None."""
    if not rules:
        return None
    decisions: list[Decision] = []
    groups: dict[str, _ThresholdGroup] = {}
    scan: list[tuple[int, tuple[Predicate, ...]]] = []
    for position, (conditions, preds, decision) in enumerate(rules):
        decisions.append(decision)
        key = _threshold_key(conditions)
        if key is not None:
            field, threshold_key = key
            groups.setdefault(field, _ThresholdGroup(field)).add(position, threshold_key)
        else:
            scan.append((position, preds))
        if not conditions:
            break  # unconditional: nothing after it can be first
    finders = tuple(group.finder() for group in groups.values())
    # The first rule without conditions: what applies whatever the resource (policy previews).
    unconditional = next((d for conditions, _, d in rules if not conditions), None)

    if len(finders) == 1 and not scan:  # the common shape: "amount over T" rules only
        only = finders[0]

        def first_threshold(resource: Any, context: Mapping[str, Any] | None) -> Decision | None:
            position = only(resource, context)
            return None if position is None else decisions[position]

        first_threshold.unconditional = unconditional  # type: ignore[attr-defined]
        return first_threshold

    def first_match(resource: Any, context: Mapping[str, Any] | None) -> Decision | None:
        best: int | None = None
        for finder in finders:
            position = finder(resource, context)
            if position is not None and (best is None or position < best):
                best = position
        for position, preds in scan:
            if best is not None and position > best:
                break
            for pred in preds:
                if not pred(resource, context):
                    break
            else:
                best = position
                break
        return None if best is None else decisions[best]

    first_match.unconditional = unconditional  # type: ignore[attr-defined]
    return first_match


def _threshold_key(conditions: tuple[Condition, ...]) -> tuple[str, tuple[Any, int]] | None:
    if len(conditions) != 1:
        return None
    condition = conditions[0]
    strict = _STRICTNESS.get(condition.op)
    if strict is None or condition.value != condition.value:  # NaN thresholds are scanned
        return None
    return condition.field, (condition.value, strict)
