"""The level matrix: delegation level (1..8) × action class → 'allow' | 'ask' | 'deny'.

Defaults follow DESIGN.md §4. Each class becomes ``allow`` from one level upward and is
``ask`` below it; a few classes are ``ask`` at every level (governance and structure, and
irreversible high-impact actions — L7 "asks only for policy exceptions, irreversible
high-impact actions, spend over limit"); a few are ``deny`` at every level and *locked*.

=====  ==================  =====================================================================
level  name                newly allowed (cumulative)
=====  ==================  =====================================================================
1      Shadow              read, escalation.raise (escalating *is* asking; making it ask would
                           be circular). Every other write asks.
2      Reporter            measurable.report, headline.post, note.add, learning.capture,
                           meeting.prep (report-like, append-only contributions)
3      Task executor       todo.create, todo.complete (own seat's to-dos), issue.raise
4      Process runner      issue.update, meeting.run (SOP-driven reversible internal changes)
5      Measurable owner    measurable.create/update (own), outcome.update_status,
                           outcome.submit_evidence, milestone.update (on outcomes it owns)
6      Contributor         issue.solve, external.communicate (allow-listed channels only),
                           external.spend (within the spend limit)
7      Outcome owner       outcome.create/update/complete (own or below), todo.assign (own or
                           below), sop.edit (own or below), oos.edit (the OOS draft is
                           organization-wide, so no seat scope), meeting.series (create and
                           edit a series; deleting one always asks)
8      Team lead           outcome.assign (own or below, both ways), approval.decide (requests of seats
                           below, within its own authority), escalation.resolve
=====  ==================  =====================================================================

Always ``ask`` (org may loosen): seat.change, agent.manage, oos.publish, budget.change (of
*another* agent — its own is structurally denied), data.delete, deploy, meeting.series.delete.

Locked ``deny`` for agents (no override, grant or level can change it; :func:`with_overrides`
rejects the attempt): policy.change, agent.level.change, token.manage, person.manage,
org.settings, runtime.configure, agent.wake.

*Scopes.* Some ``allow`` cells only hold for resources in the agent's reach; outside it the
effect drops to ``ask``. ``own``: ``resource.owner_seat_id`` is one of the actor's seats.
``below``: some actor seat is an ancestor of ``resource.owner_seat_id`` (the resource carries
``owner_seat_ancestor_ids``). ``own_or_below``: either. A missing resource fails closed (ask).
Scopes constrain only the matrix; explicit outcome grants and seat overrides are their own scope.

Org-defined classes default to ``allow`` at every level for reads and ``ask`` for writes.
Editing: :func:`with_overrides` returns a new validated matrix; the defaults are never mutated.
"""
from __future__ import annotations

from types import MappingProxyType
from typing import Iterable, Literal, Mapping

from .catalog import DEFAULT_CATALOG, Catalog, UnknownActionError  # noqa: F401

Effect = Literal["allow", "ask", "deny"]
EFFECTS: tuple[str, ...] = ("allow", "ask", "deny")
# restrictiveness order, used when several explicit rules apply (most restrictive wins)
STRICTNESS: Mapping[str, int] = MappingProxyType({"allow": 0, "ask": 1, "deny": 2})

LEVELS: tuple[int, ...] = (1, 2, 3, 4, 5, 6, 7, 8)
LEVEL_NAMES: Mapping[int, str] = MappingProxyType({
    1: "Shadow", 2: "Reporter", 3: "Task executor", 4: "Process runner",
    5: "Measurable owner", 6: "Contributor", 7: "Outcome owner", 8: "Team lead",
})

Scope = Literal["own", "below", "own_or_below"]
SCOPES_ALLOWED: tuple[str, ...] = ("own", "below", "own_or_below")

#: first level at which the class is allowed; below it, ask
ALLOW_FROM: Mapping[str, int] = MappingProxyType({
    "read": 1, "escalation.raise": 1,
    "measurable.report": 2, "headline.post": 2, "note.add": 2, "learning.capture": 2, "meeting.prep": 2,
    "todo.create": 3, "todo.complete": 3, "issue.raise": 3,
    "issue.update": 4, "meeting.run": 4,
    "measurable.create": 5, "measurable.update": 5, "outcome.update_status": 5,
    "outcome.submit_evidence": 5, "milestone.update": 5,
    "issue.solve": 6, "external.communicate": 6, "external.spend": 6,
    "outcome.create": 7, "outcome.update": 7, "outcome.complete": 7, "todo.assign": 7, "sop.edit": 7,
    "oos.edit": 7, "meeting.series": 7,
    "outcome.assign": 8, "approval.decide": 8, "escalation.resolve": 8,
})

ALWAYS_ASK: frozenset[str] = frozenset({
    "seat.change", "agent.manage", "oos.publish", "budget.change", "data.delete", "deploy",
    "meeting.series.delete",
})

#: classes an agent may never perform, at any level; cells are locked to 'deny'
AGENT_NEVER: frozenset[str] = frozenset({
    "policy.change", "agent.level.change", "token.manage", "person.manage", "org.settings",
    # an agent never configures what OTP runs, nor wakes (or cancels) any agent's run
    "runtime.configure", "agent.wake",
})

DEFAULT_SCOPES: Mapping[str, str] = MappingProxyType({
    "todo.create": "own", "todo.complete": "own", "todo.assign": "own_or_below",
    "measurable.create": "own", "measurable.update": "own", "measurable.report": "own_or_below",
    "outcome.update_status": "own", "outcome.submit_evidence": "own", "milestone.update": "own",
    "outcome.create": "own_or_below", "outcome.update": "own_or_below", "sop.edit": "own_or_below",
    "issue.update": "own_or_below", "issue.solve": "own_or_below", "meeting.prep": "own",
    "outcome.complete": "below", "escalation.resolve": "own_or_below",
    "outcome.assign": "own_or_below", "approval.decide": "below",
})

#: Reach everywhere: every write class an agent may be allowed is either scoped above (outside
#: its subtree the effect drops to ask), always asks or is locked, or is listed here with why it
#: is not bound to a seat. A test walks the catalogue against this declaration.
REACH_FREE: Mapping[str, str] = MappingProxyType({
    "issue.raise": "raising an issue puts a question on a seat's list; it changes nobody's work",
    "escalation.raise": "escalating is asking a human above for input",
    "headline.post": "a headline is news for the meeting, owned by nobody",
    "note.add": "a note or comment adds to a thread; it changes nobody's work",
    "learning.capture": "a learning is a draft OOS claim, reviewed by a person before it binds",
    "meeting.run": "a meeting is run by its attendees; it has no owner seat",
    "meeting.series": "a series belongs to its team, not to one seat (deleting one always asks)",
    "oos.edit": "the OOS draft is organization-wide; publishing it always asks",
    "external.communicate": "bounded by the channel allow-list instead",
    "external.spend": "bounded by the spend limits instead",
})


def _default_effect(catalog: Catalog, level: int, action: str) -> str:
    if action in AGENT_NEVER:
        return "deny"
    if action in ALWAYS_ASK:
        return "ask"
    start = ALLOW_FROM.get(action)
    if start is None:  # org-defined class
        return "ask" if catalog[action].writes else "allow"
    return "allow" if level >= start else "ask"


class Matrix:
    """An immutable, validated level matrix bound to a catalogue."""

    __slots__ = ("catalog", "_cells", "scopes")

    def __init__(self, catalog: Catalog, cells: Mapping[tuple[int, str], str], scopes: Mapping[str, str]):
        self.catalog = catalog
        self._cells = MappingProxyType(dict(cells))
        self.scopes = MappingProxyType(dict(scopes))

    def effect(self, level: int, action: str) -> str:
        """The cell for ``(level, action)``; ValueError for an unknown level or action."""
        _check_level(level)
        self.catalog[action]
        return self._cells[(level, action)]

    def scope(self, action: str) -> str | None:
        return self.scopes.get(action)

    @property
    def cells(self) -> Mapping[tuple[int, str], str]:
        return self._cells

    def as_table(self) -> dict[str, dict[int, str]]:
        """``{action: {level: effect}}`` — handy for the REST/CLI matrix view."""
        return {a: {lv: self._cells[(lv, a)] for lv in LEVELS} for a in self.catalog}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Matrix) and self._cells == other._cells and self.scopes == other.scopes

    __hash__ = None  # type: ignore[assignment]


def _check_level(level: object) -> int:
    if isinstance(level, bool) or not isinstance(level, int) or level not in LEVELS:
        raise ValueError(f"level must be an integer 1..8, got {level!r}")
    return level


def default_matrix(catalog: Catalog = DEFAULT_CATALOG) -> Matrix:
    cells = {(lv, a): _default_effect(catalog, lv, a) for lv in LEVELS for a in catalog}
    return Matrix(catalog, cells, DEFAULT_SCOPES)


def _iter_overrides(overrides: object) -> Iterable[tuple[object, object, object]]:
    if isinstance(overrides, Mapping):
        for key, effect in overrides.items():
            if not (isinstance(key, tuple) and len(key) == 2):
                raise ValueError(f"matrix override key must be (level, action), got {key!r}")
            yield key[0], key[1], effect
        return
    for row in overrides:  # type: ignore[union-attr]
        if isinstance(row, Mapping):
            try:
                yield row["level"], row["action"], row["effect"]
            except KeyError as e:
                raise ValueError(f"matrix override row {dict(row)!r} lacks {e.args[0]!r}") from None
        else:
            level, action, effect = row
            yield level, action, effect


def with_overrides(base: Matrix, overrides: object = (), scopes: Mapping[str, str | None] | None = None) -> Matrix:
    """Merge an organization's edits onto ``base`` and validate them; returns a new Matrix.

    ``overrides``: ``{(level, action): effect}`` or rows ``{"level", "action", "effect"}`` /
    ``(level, action, effect)`` (the shape of stored policy rows). ``action`` may be a pattern
    (``'outcome.*'``, ``'*'``) expanded over the catalogue. Later rows win over earlier ones.
    ``scopes``: ``{action: 'own'|'below'|'own_or_below'|None}`` (None removes the scope).

    Raises ValueError for an unknown level, action or effect, or for loosening a locked class
    (:data:`AGENT_NEVER`) — those stay ``deny`` whatever the organization writes.
    """
    cells = dict(base.cells)
    catalog = base.catalog
    for level, action, effect in _iter_overrides(overrides):
        _check_level(level)
        if effect not in EFFECTS:
            raise ValueError(f"matrix override ({level}, {action!r}): effect must be one of {EFFECTS}, got {effect!r}")
        if not isinstance(action, str):
            raise UnknownActionError(action)
        for name in catalog.expand(action):
            if name in AGENT_NEVER and effect != "deny":
                if action == name:
                    raise ValueError(f"matrix override ({level}, {name!r}): agents may never perform "
                                     f"{name!r}; it is locked to 'deny'")
                continue  # a wildcard edit leaves locked classes locked
            cells[(level, name)] = effect  # type: ignore[index]
    new_scopes = dict(base.scopes)
    for action, scope in (scopes or {}).items():
        catalog[action]
        if scope is None:
            new_scopes.pop(action, None)
        elif scope not in SCOPES_ALLOWED:
            raise ValueError(f"scope for {action!r} must be one of {SCOPES_ALLOWED} or None, got {scope!r}")
        else:
            new_scopes[action] = scope
    return Matrix(catalog, cells, new_scopes)
