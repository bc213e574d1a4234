"""The action catalogue: every mutation the platform offers, plus reads and external classes.

Every call to :func:`otp.governance.decide` names one *action class*. The catalogue is the
closed list of those names; an unknown name is a programming error and raises
:class:`UnknownActionError` (a ``ValueError`` naming the action) rather than silently
falling through to some default effect.

Each class carries the facts the level matrix and the approval UI reason about:

- ``reversible``: can the platform (or the org) undo it without outside help? Versioned edits
  and status changes are reversible; money spent, messages sent, data deleted and production
  deploys are not (a deploy can be rolled back, but its side effects — migrations, users who saw
  it — cannot, so the default is conservative).
- ``impact``: ``'low' | 'medium' | 'high'`` — the default blast radius.
- ``external``: the action leaves OTP (agents *declare* these before acting outside OTP).
- ``writes``: ``False`` only for reads. A paused agent may still perform non-writing actions.

Organizations may define extra classes (for example ``crm.update`` or ``external.publish``)
with :func:`build_catalog`; built-in classes cannot be redefined, so an org can never make
``policy.change`` look harmless.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import Iterable, Iterator, Literal, Mapping

Impact = Literal["low", "medium", "high"]
IMPACTS: tuple[str, ...] = ("low", "medium", "high")

_NAME = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")


class UnknownActionError(ValueError):
    """Raised when an action class is not in the catalogue."""

    def __init__(self, action: object):
        self.action = action
        super().__init__(f"unknown action class {action!r}: not in this organization's catalogue")


@dataclass(frozen=True, slots=True)
class ActionClass:
    name: str
    description: str
    reversible: bool
    impact: Impact
    external: bool
    writes: bool = True

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not _NAME.match(self.name):
            raise ValueError(
                f"invalid action class name {self.name!r}: use lowercase dotted words, e.g. 'crm.update'"
            )
        if self.impact not in IMPACTS:
            raise ValueError(f"action class {self.name!r}: impact must be one of {IMPACTS}, got {self.impact!r}")
        for f in ("reversible", "external", "writes"):
            if not isinstance(getattr(self, f), bool):
                raise ValueError(f"action class {self.name!r}: {f} must be a bool")


def _a(name: str, description: str, reversible: bool = True, impact: Impact = "low",
       external: bool = False, writes: bool = True) -> ActionClass:
    return ActionClass(name, description, reversible, impact, external, writes)


BUILTIN_CLASSES: tuple[ActionClass, ...] = (
    _a("read", "Read any entity the actor can see", writes=False),
    # scorecard
    _a("measurable.report", "Report a value for a measurable period"),
    _a("measurable.create", "Create a scorecard measurable", impact="medium"),
    _a("measurable.update", "Change a measurable's definition, target or owner", impact="medium"),
    # to-dos
    _a("todo.create", "Create a to-do"),
    _a("todo.complete", "Mark a to-do done"),
    _a("todo.assign", "Assign or reassign a to-do to a seat"),
    # issues (IDS)
    _a("issue.raise", "Raise an issue"),
    _a("issue.update", "Edit an issue, its rank or IDS state"),
    _a("issue.solve", "Record a solution for an issue", impact="medium"),
    # outcomes
    _a("outcome.create", "Create an outcome (rock or standing/project)", impact="medium"),
    _a("outcome.update_status", "Set an outcome's status (on/off track, ...)"),
    _a("outcome.update", "Edit an outcome's definition, grants, links or guardrails", impact="medium"),
    _a("outcome.submit_evidence", "Attach evidence that an outcome is done"),
    _a("outcome.complete", "Review and accept an outcome's evidence as done", impact="medium"),
    _a("outcome.assign", "Change an outcome's owner seat (delegate it)", impact="medium"),
    _a("milestone.update", "Add, edit or tick an outcome milestone"),
    # cadence
    _a("headline.post", "Post a headline"),
    _a("note.add", "Add a note or comment"),
    _a("meeting.run", "Start, advance or close a meeting"),
    # managing the cadence itself is not running a meeting: its own classes, deletion apart
    _a("meeting.series", "Create or edit a meeting series (team, day, time, attendees, agenda)", impact="medium"),
    _a("meeting.series.delete", "Delete a meeting series (cancels its scheduled meeting)", reversible=False,
       impact="high"),
    _a("meeting.prep", "Submit meeting preparation"),
    _a("learning.capture", "Capture a learning (draft OOS claim)"),
    # operating system
    _a("sop.edit", "Edit a standard operating procedure (versioned)", impact="medium"),
    _a("oos.edit", "Edit the draft of the organizational operating system (claims, import, generate, redact)",
       impact="medium"),
    _a("oos.publish", "Publish a version of the organizational operating system", impact="high"),
    # structure and people
    _a("seat.change", "Create, move, vacate or fill a seat on the accountability chart", impact="high"),
    _a("person.manage", "Invite, remove or change the role of a person", impact="high"),
    _a("agent.manage", "Create, configure, pause, resume or retire an agent", impact="high"),
    # runs: OTP starting agents' processes is an administrator's call, never an agent's
    _a("runtime.configure", "Configure how and when OTP runs an agent: adapter, command, schedule, limits",
       impact="high"),
    _a("agent.wake", "Wake an agent now (run now) or cancel its run", impact="medium"),
    # governance
    _a("policy.change", "Change the policy: matrix, grants, overrides, hard-deny rules, limits", impact="high"),
    _a("agent.level.change", "Change an agent's delegation level", impact="high"),
    _a("budget.change", "Change an agent's monthly budget", impact="high"),
    _a("approval.decide", "Approve or reject a pending approval request (runs the held action)",
       reversible=False, impact="medium"),
    _a("escalation.raise", "Escalate: ask the nearest human above for input"),
    _a("escalation.resolve", "Resolve an escalation", impact="medium"),
    _a("token.manage", "Create or revoke API tokens", impact="high"),
    _a("org.settings", "Change organization settings", impact="high"),
    # external classes agents declare before acting outside OTP
    _a("external.communicate", "Send a message outside OTP (email, chat, social)",
       reversible=False, impact="medium", external=True),
    _a("external.spend", "Spend money outside OTP", reversible=False, impact="high", external=True),
    _a("data.delete", "Delete data (inside or outside OTP)", reversible=False, impact="high", external=True),
    _a("deploy", "Deploy software to an environment", reversible=False, impact="high", external=True),
)

BUILTIN_NAMES: frozenset[str] = frozenset(a.name for a in BUILTIN_CLASSES)


class Catalog(Mapping[str, ActionClass]):
    """Immutable name → :class:`ActionClass` mapping; ``catalog[name]`` raises on unknown names."""

    __slots__ = ("_by_name",)

    def __init__(self, classes: Iterable[ActionClass]):
        by_name: dict[str, ActionClass] = {}
        for c in classes:
            if not isinstance(c, ActionClass):
                raise TypeError(f"expected ActionClass, got {type(c).__name__}")
            if c.name in by_name:
                raise ValueError(f"action class {c.name!r} is defined twice")
            by_name[c.name] = c
        self._by_name = MappingProxyType(by_name)

    def __getitem__(self, name: str) -> ActionClass:
        try:
            return self._by_name[name]
        except (KeyError, TypeError):
            raise UnknownActionError(name) from None

    def get_class(self, name: str) -> ActionClass:
        """Same as ``catalog[name]``: the class, or :class:`UnknownActionError`."""
        return self[name]

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_name)

    def __len__(self) -> int:
        return len(self._by_name)

    def __repr__(self) -> str:
        return f"Catalog({len(self)} classes)"

    def expand(self, pattern: str) -> tuple[str, ...]:
        """Resolve a rule's action pattern: an exact name, ``'prefix.*'`` or ``'*'``.

        Patterns are expanded once at compile time, so rules never pattern-match per request.
        A pattern matching nothing is an error (a typo would otherwise silently disable a rule).
        """
        if pattern == "*":
            return tuple(self._by_name)
        if pattern.endswith(".*"):
            prefix = pattern[:-1]
            names = tuple(n for n in self._by_name if n.startswith(prefix))
            if not names:
                raise UnknownActionError(pattern)
            return names
        self[pattern]  # raises UnknownActionError
        return (pattern,)


def build_catalog(extra: Iterable[ActionClass | Mapping[str, object]] = ()) -> Catalog:
    """The built-in catalogue plus an organization's own classes.

    ``extra`` items are :class:`ActionClass` instances or plain mappings with the same fields
    (``writes`` defaults to True). Redefining a built-in class is rejected.
    """
    custom: list[ActionClass] = []
    for item in extra:
        c = item if isinstance(item, ActionClass) else ActionClass(**dict(item))  # type: ignore[arg-type]
        if c.name in BUILTIN_NAMES:
            raise ValueError(f"action class {c.name!r} is built in and cannot be redefined")
        custom.append(c)
    return Catalog((*BUILTIN_CLASSES, *custom))


DEFAULT_CATALOG: Catalog = build_catalog()
