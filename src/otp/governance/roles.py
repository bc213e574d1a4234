"""The role table: what people may do, by membership role.

People are not on the delegation ladder; their membership role decides:

- ``owner`` and ``admin``: everything. Only hard-deny rules with ``applies_to='everyone'`` and
  the structural rules (nobody approves their own request or accepts their own outcome) stop
  them; outcome grants and seat overrides do not restrict them.
- ``member``: ordinary work — every class except :data:`ADMIN_ONLY`. ``token.manage`` on their
  *own* tokens (``resource.target_person_id == actor.id``) is ordinary work. Outcome grants
  and seat overrides may restrict a member (e.g. a seat whose spend asks), never lift the
  role's denials.
- ``observer``: reads only, plus ``escalation.raise`` (the issue: "any actor can escalate").
"""
from __future__ import annotations

from types import MappingProxyType
from typing import Mapping

from .catalog import Catalog

ROLES: tuple[str, ...] = ("owner", "admin", "member", "observer")

ADMIN_ONLY: frozenset[str] = frozenset({
    "policy.change", "agent.level.change", "budget.change", "person.manage", "org.settings", "token.manage",
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


def role_table(catalog: Catalog) -> Mapping[str, Mapping[str, str]]:
    return MappingProxyType({r: MappingProxyType({a: role_effect(catalog, r, a) for a in catalog}) for r in ROLES})
