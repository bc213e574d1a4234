"""What a link may point at: the entity types an issue, a to-do, an escalation or a headline may
name, and the check that the named one exists in the actor's organization.

Links cross domains (an issue in `work` names a meeting; an escalation in `governance` names an
outcome), so the check reads the target's table by name (a bare table clause: `id`, `org_id`) instead
of importing the domain above: lower layers stay free of upper ones, and a link to nothing is
refused with the field to fix instead of being stored.
"""
from __future__ import annotations

from typing import Literal

from sqlalchemy import column, select, table
from sqlalchemy.orm import Session

from otp.core import validate
from otp.core.errors import Invalid, NotFound

# link type → table; every one of these tables has `id` and `org_id`.
TABLES = {
    "outcome": "outcomes", "measurable": "measurables", "todo": "todos", "issue": "issues",
    "headline": "headlines", "meeting": "meetings", "seat": "seats", "agent": "agents", "sop": "sops",
    "approval": "approval_requests", "escalation": "escalations",
}
TYPES = tuple(TABLES)
LinkType = Literal[TYPES]  # type: ignore[valid-type]  # for schemas and tool signatures


def exists(session: Session, org_id: str, link_type: str, link_id: str, *, field: str) -> str:
    """`link_id` if it names a `link_type` of this organization; else NotFound naming `field`."""
    name = TABLES.get(link_type)
    if name is None:
        raise Invalid(f"nothing of type {str(link_type)[:32]!r} can be linked here", field=field)
    found = None
    if isinstance(link_id, str) and 0 < len(link_id) <= 40:
        target = table(name, column("id"), column("org_id"))
        found = session.execute(select(target.c.id).where(target.c.id == link_id, target.c.org_id == org_id)).first()
    if found is None:
        raise NotFound(f"no {link_type} {str(link_id)[:40]!r} in this organization", field=field)
    return link_id


def checked(session: Session, org_id: str, link_type, link_id, *, type_field: str = "linked_type",
            id_field: str = "linked_id") -> tuple[str | None, str | None]:
    """Both or neither: (type, id) of an existing entity of this organization, or (None, None)."""
    if link_type is None and link_id is None:
        return None, None
    if link_type is None:
        raise Invalid(f"{type_field} is required with {id_field}", field=type_field)
    if link_id is None:
        raise Invalid(f"{id_field} is required with {type_field}", field=id_field)
    link_type = validate.choice(type_field, validate.text(type_field, link_type, max_len=32), TYPES)
    link_id = validate.text(id_field, link_id, max_len=40)
    return link_type, exists(session, org_id, link_type, link_id, field=id_field)
