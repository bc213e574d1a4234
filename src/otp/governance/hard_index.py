"""The hard-deny rules of one action class, compiled so a decision does not scan them all.

A decision returns the FIRST hard-deny rule (in policy order) whose conditions all hold. A plain
scan costs one predicate call per rule, so an organization with hundreds of "amount over T"
rules, or one rule per seat or agent ("owner_seat_id == X"), paid for every one of them on every
decision of the class. Compilation here (once per policy version) keeps the answer exactly the
same and makes the common shapes cost the same whatever their number:

- Nothing after the first unconditional rule can ever be the first match: it is dropped; a first
  rule without conditions is answered without looking at the resource at all.
- Rules with one ``>``/``>=`` condition on a field (``amount_cents > 50000``) form a threshold
  group per field. A rule of the group whose threshold is not below every earlier one's is
  never first (an earlier rule matches whenever it does), so the kept thresholds fall strictly
  and the first match is found by bisection. A value at or below the lowest threshold (most
  values: limits sit above everyday amounts) is answered by one comparison first.
- Rules with an ``==`` or ``in`` condition on a field (``target_agent_id == "agt_1"``,
  ``owner_seat_id in [...]``) are keyed by that field's values: the value at hand selects the
  few rules it can match, in policy order, and only their other conditions are tested.
- Every other rule is scanned in order, but only up to the position of a group's match.

Unknown values fail closed exactly as the predicates do: a missing value (``None``) matches a
keyed or threshold condition. Values of any type other than the plain JSON scalars (int, float,
str, bool) take the predicates' own path, so exotic comparisons never rely on reasoning here.
"""
from __future__ import annotations

from bisect import bisect_left
from typing import Any, Callable, Mapping, Sequence

from .model import Decision
from .rules import Condition

Predicate = Callable[[Any, Any], bool]
HardRules = Callable[[Any, Mapping[str, Any] | None], Decision | None]
Finder = Callable[[Any, Mapping[str, Any] | None, "int | None"], "int | None"]
# A condition "x > T" or "x >= T" holds exactly when (x, 1) > key, with key (T, 1) or (T, 0).
_STRICTNESS = {">": 1, ">=": 0}
# Types whose == and hashing agree and are transitive among each other: safe as dictionary keys
# standing in for the predicates' == / `in`. (bool is an int; NaN is excluded separately.)
_PLAIN = (int, float, str, bool)
_MISSING = object()


def _lookup(field: str, resource: Any, context: Mapping[str, Any] | None) -> Any:
    """The predicates' lookup: the context first, then the resource; None is unknown."""
    actual = context.get(field) if context else None
    if actual is None and resource is not None:
        actual = getattr(resource, field, None)
    return actual


class _ThresholdGroup:
    """The ``field > T`` rules of one field: kept keys strictly decreasing in policy order."""
    __slots__ = ("field", "positions", "keys", "all_rules")

    def __init__(self, field: str):
        self.field = field
        self.positions: list[int] = []
        self.keys: list[tuple[Any, int]] = []
        self.all_rules: list[tuple[int, Predicate]] = []  # every rule of the group, for exotic values

    def add(self, position: int, key: tuple[Any, int], predicate: Predicate) -> None:
        self.all_rules.append((position, predicate))
        if self.keys and not key < self.keys[-1]:
            return  # an earlier rule of the group matches whenever this one does
        self.positions.append(position)
        self.keys.append(key)

    def table(self, out: Sequence[Any]) -> tuple[tuple, tuple, tuple]:
        """The kept thresholds ascending, whether each is ``>=`` (matches a value equal to it), and
        ``by_count``: ``by_count[i]`` is ``out[p]`` for the first matching rule when ``i`` thresholds
        lie below the value (or equal to it, ``>=``), None for 0. The keys below a value match: a
        suffix in policy order, as keys fall; its first rule has the largest threshold below it."""
        ascending = tuple(self.keys[::-1])
        values = tuple(k[0] for k in ascending)
        inclusive = tuple(k[1] == 0 for k in ascending)
        count = len(ascending)
        by_count = (None,) + tuple(out[self.positions[count - i]] for i in range(1, count + 1))
        return values, inclusive, by_count

    def finder(self, out: Sequence[Any]) -> Finder:
        """``(resource, context, bound)`` → ``out[p]`` for the position ``p`` of the group's first
        matching rule, or None. A closure over locals: this runs on every decision of the action
        class. (``out`` is the decisions themselves when the group is the class's only shape, which
        saves a call per decision, else the positions.)"""
        field = self.field
        values, inclusive, by_count = self.table(out)
        count, first_position = len(values), out[self.positions[0]]
        # The lowest threshold: a value at or below it matches no rule of the group. Hard-deny
        # limits sit above everyday values, so most decisions end at this one comparison.
        lowest, lowest_strict = values[0], not inclusive[0]
        all_rules = tuple((out[p], pred) for p, pred in self.all_rules)

        def first(resource: Any, context: Mapping[str, Any] | None, bound: int | None = None) -> Any:
            if context:
                actual = context.get(field)
                if actual is None and resource is not None:
                    actual = getattr(resource, field, None)
            elif resource is not None:  # no context (the common case): one lookup, not two
                actual = getattr(resource, field, None)
            else:
                return first_position  # unknown: fail closed
            if actual is None:
                return first_position  # unknown: fail closed
            kind = type(actual)
            if kind is int or kind is float:
                if actual < lowest or (lowest_strict and actual == lowest):
                    return None
                # The keys below the value match: a suffix in policy order, as keys fall. Its
                # first rule has the largest threshold below the value (or equal to it, ">=").
                index = bisect_left(values, actual)  # thresholds strictly below (NaN: none)
                if index < count and inclusive[index] and values[index] == actual:
                    index += 1
                return by_count[index]
            for position, predicate in all_rules:  # anything else: the predicates decide
                if predicate(resource, context):
                    return position
            return None

        return first


class _KeyedGroup:
    """Rules with an ``==``/``in`` condition on one field, keyed by the values it accepts.
    Each rule's other conditions are kept as predicates and tested only when the key fits."""
    __slots__ = ("field", "by_value", "rules")

    def __init__(self, field: str):
        self.field = field
        self.by_value: dict[Any, list[tuple[int, tuple[Predicate, ...]]]] = {}
        # every rule of the group with all its predicates: for an unknown or exotic value
        self.rules: list[tuple[int, tuple[Predicate, ...], tuple[Predicate, ...]]] = []

    def add(self, position: int, key: Condition, rest: tuple[Predicate, ...], preds: tuple[Predicate, ...]) -> None:
        values = key.value if key.op == "in" else (key.value,)
        for value in values:
            self.by_value.setdefault(value, []).append((position, rest))
        self.rules.append((position, rest, preds))

    def finder(self, out: Sequence[Any]) -> Finder:
        """As :meth:`_ThresholdGroup.finder`; ``bound`` (a position) ends the search early."""
        field = self.field
        by_value = {v: tuple(rs) for v, rs in self.by_value.items()}
        unknown = tuple((p, rest) for p, rest, _ in self.rules)  # a missing value fits every key
        exotic = tuple((p, preds) for p, _, preds in self.rules)

        def first(resource: Any, context: Mapping[str, Any] | None, bound: int | None = None) -> Any:
            actual = context.get(field) if context else None
            if actual is None and resource is not None:
                actual = getattr(resource, field, None)
            if actual is None:
                candidates = unknown
            elif type(actual) in _PLAIN:
                candidates = by_value.get(actual, ())
            else:
                candidates = exotic  # the predicates decide, key condition included
            for position, preds in candidates:
                if bound is not None and position > bound:
                    return None
                for pred in preds:
                    if not pred(resource, context):
                        break
                else:
                    return out[position]
            return None

        return first


class ThresholdRules:
    """Compiled rules of one action class that all deny ``field`` over a threshold (``amount_cents
    > 50000``, each rule its own limit). Called like every compiled rule set; when ``field`` is
    the resource's ``amount_cents``, `decide` answers a number without context inline, without
    calling: at or under the lowest threshold (under it, or equal to it when that rule is ``>``)
    no rule matches; over it, the first matching rule is ``by_count`` of the number of thresholds
    below (``values`` ascending, ``inclusive`` where ``>=``), as the finder answers. A Python call
    is a good part of a decision's cost, and an organization with many limits has many amounts
    over the lowest."""
    __slots__ = ("first", "field", "lowest", "strict", "values", "inclusive", "by_count", "count")
    unconditional = None  # every rule has a condition

    def __init__(self, first: HardRules, field: str, lowest: Any, strict: bool,
                 table: tuple[tuple, tuple, tuple]):
        self.first, self.field, self.lowest, self.strict = first, field, lowest, strict
        self.values, self.inclusive, self.by_count = table
        self.count = len(self.values)

    def __call__(self, resource: Any, context: Mapping[str, Any] | None) -> Decision | None:
        return self.first(resource, context)


def compile_hard_rules(rules: Sequence[tuple[tuple[Condition, ...], tuple[Predicate, ...], Decision]]
                       ) -> HardRules | None:
    """The rules of one action class, in policy order, as one function
    ``(resource, context)`` → the decision of the first rule that matches, or None.
    No rules: None, so the caller skips the call altogether. The function's `unconditional` is
    the decision of the first rule without conditions, or None."""
    if not rules:
        return None
    # The first rule without conditions: what applies whatever the resource (policy previews).
    unconditional = next((d for conditions, _, d in rules if not conditions), None)
    if not rules[0][0]:  # the first rule always matches
        always = rules[0][2]

        def first_always(resource: Any, context: Mapping[str, Any] | None) -> Decision | None:
            return always

        first_always.unconditional = unconditional  # type: ignore[attr-defined]
        return first_always

    decisions: list[Decision] = []
    thresholds: dict[str, _ThresholdGroup] = {}
    keyed: dict[str, _KeyedGroup] = {}
    scan: list[tuple[int, tuple[Predicate, ...]]] = []
    for position, (conditions, preds, decision) in enumerate(rules):
        decisions.append(decision)
        threshold = _threshold_key(conditions)
        key_at = _key_condition(conditions)
        if threshold is not None:
            field, threshold_key = threshold
            thresholds.setdefault(field, _ThresholdGroup(field)).add(position, threshold_key, preds[0])
        elif key_at is not None:
            key = conditions[key_at]
            rest = preds[:key_at] + preds[key_at + 1:]
            keyed.setdefault(key.field, _KeyedGroup(key.field)).add(position, key, rest, preds)
        else:
            scan.append((position, preds))
        if not conditions:
            break  # unconditional: nothing after it can be first
    groups = (*thresholds.values(), *keyed.values())
    if len(groups) == 1 and not scan:  # one shape only, e.g. "amount over T" rules
        only = groups[0].finder(decisions)  # answers with the decision itself: one call per decision
        if thresholds:
            (group,) = thresholds.values()
            lowest, strictness = group.keys[-1]  # kept keys fall: the last is the lowest
            return ThresholdRules(only, group.field, lowest, strictness == 1, group.table(decisions))
        only.unconditional = unconditional  # type: ignore[attr-defined]
        return only
    finders = tuple(group.finder(range(len(decisions))) for group in groups)

    def first_match(resource: Any, context: Mapping[str, Any] | None) -> Decision | None:
        best: int | None = None
        for finder in finders:
            position = finder(resource, context, best)
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


def _key_condition(conditions: tuple[Condition, ...]) -> int | None:
    """The index of the rule's first ``==``/``in`` condition whose values can key a dictionary
    exactly as the predicate compares (plain scalars, no NaN), or None."""
    for index, condition in enumerate(conditions):
        if condition.op == "==":
            values: Any = (condition.value,)
        elif condition.op == "in":
            values = condition.value
        else:
            continue
        if all(type(v) in _PLAIN and v == v for v in values):
            return index
    return None
