"""The role table: what people may do, by membership role.

People are not on the delegation ladder; their membership role decides:

- ``owner``: everything, always (locked: no organization can lock its owners out). Only hard-deny
  rules with ``applies_to='everyone'`` and the structural rules (nobody approves their own
  request or accepts their own outcome) stop them.
- ``admin``: everything by default.
- ``member``: ordinary work — every class except :data:`ADMIN_ONLY` (administration, and the
  destructive or outward classes: deleting a meeting series, publishing the OOS, deleting
  data, deploying). ``token.manage`` on their *own* tokens (``resource.target_person_id ==
  actor.id``) is ordinary work. Outcome grants and seat overrides may restrict a member (e.g.
  a seat whose spend asks), never lift the role's denials.
- ``observer``: reads only, plus ``escalation.raise`` (the issue: "any actor can escalate"). Every
  other write is locked to deny.

The organization edits the admin and member cells (``roles`` in the policy, rows ``{role, action,
effect}``) as it edits the level matrix; the locked cells refuse an edit with a ValueError.
"""
from __future__ import annotations

from types import MappingProxyType
from typing import Iterable, Mapping

from .catalog import Catalog

ROLES: tuple[str, ...] = ("owner", "admin", "member", "observer")
EDITABLE_ROLES: tuple[str, ...] = ("admin", "member")

ADMIN_ONLY: frozenset[str] = frozenset({
    "policy.change", "agent.level.change", "budget.change", "person.manage", "org.settings", "token.manage",
    # destructive or outward: a member asks an admin
    "meeting.series.delete", "oos.publish", "data.delete", "deploy",
})

OBSERVER_WRITES: frozenset[str] = frozenset({"escalation.raise"})


def role_effect(catalog: Catalog, role: str, action: str) -> str:
    """The role table cell for ``(role, action)`` (before own-token and other refinements)."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}, got {role!r}")
    cls = catalog[action]
    if role in ("owner", "admin"):
        return "allow"
    if role == "member":
        return "deny" if action in ADMIN_ONLY else "allow"
    return "allow" if (not cls.writes or action in OBSERVER_WRITES) else "deny"


def role_overrides(catalog: Catalog, rows: Iterable[Mapping]) -> dict[tuple[str, str], str]:
    """An organization's edits of the role table, validated: ``{(role, action): effect}``.
    ``action`` may be a pattern (``'oos.*'``, ``'*'``); later rows win."""
    out: dict[tuple[str, str], str] = {}
    for i, row in enumerate(rows or ()):
        if not isinstance(row, Mapping) or set(row) != {"role", "action", "effect"}:
            raise ValueError(f"roles[{i}] must be {{role, action, effect}}")
        role, action, effect = row["role"], row["action"], row["effect"]
        if role not in EDITABLE_ROLES:
            raise ValueError(f"roles[{i}]: the {role!r} row is locked; editable roles: {', '.join(EDITABLE_ROLES)}")
        if effect not in ("allow", "ask", "deny"):
            raise ValueError(f"roles[{i}]: effect must be allow, ask or deny, got {effect!r}")
        if not isinstance(action, str):
            raise ValueError(f"roles[{i}]: action must be a string")
        for name in catalog.expand(action):
            out[(role, name)] = effect
    return out


def role_table(catalog: Catalog, overrides: Mapping[tuple[str, str], str] | None = None
               ) -> Mapping[str, Mapping[str, str]]:
    edits = overrides or {}
    return MappingProxyType({r: MappingProxyType({a: edits.get((r, a), role_effect(catalog, r, a)) for a in catalog})
                             for r in ROLES})
