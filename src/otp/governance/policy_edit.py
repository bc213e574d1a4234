"""Editing an organization's policy. Editing is itself governed (policy.change: owners and
admins; agents never) and recorded; every edit bumps the policy version, which invalidates
the compiled copy in every app instance (see otp.governance.store).

`update_policy` replaces the sections it is given and leaves the others alone. The whole new
policy is compiled before anything is written, so an invalid edit changes nothing and the 422
names the section at fault.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.governance.authz import require
from otp.commands import command
from otp.core import clock
from otp.core.errors import Conflict, Invalid, NotFound
from otp.core.ids import new_id
from otp.events.service import record
from otp.governance import store
from otp.governance.catalog import UnknownActionError, build_catalog
from otp.governance.models import HardDenyRow, OutcomeGrantRow, Policy, SeatOverrideRow
from otp.governance.policy import PolicySet
from otp.org.models import Organization, Seat

SECTIONS = ("classes", "matrix", "scopes", "hard_deny", "grants", "seat_overrides", "spend_limits",
            "channel_allowlist", "roles")


@command("policy.change")
def update_policy(session: Session, actor: Actor, **sections: Any) -> dict:
    """Replace the given sections; returns the new policy document (with its version)."""
    given, new, _compiled = propose(session, actor.org_id, sections)
    require(session, actor, "policy.change", {"type": "policy", "id": actor.org_id}, payload=sections)
    session.execute(select(Organization.id).where(Organization.id == actor.org_id).with_for_update())
    row = session.get(Policy, actor.org_id, populate_existing=True)
    if row is None:
        row = Policy(org_id=actor.org_id, version=0)
        session.add(row)
    for key in ("classes", "matrix", "scopes", "spend_limits", "channel_allowlist", "roles"):
        if key in given:
            setattr(row, key, new[key])
    if "hard_deny" in given:
        session.execute(delete(HardDenyRow).where(HardDenyRow.org_id == actor.org_id))
        for r in new["hard_deny"]:
            session.add(HardDenyRow(id=new_id("hdr"), org_id=actor.org_id, key=str(r["id"]), actions=r["actions"],
                                    applies_to=r.get("applies_to", "agents"), when=r.get("when", []),
                                    reason=r.get("reason", "")))
    if "grants" in given:
        session.execute(delete(OutcomeGrantRow).where(OutcomeGrantRow.org_id == actor.org_id))
        for g in new["grants"]:
            session.add(OutcomeGrantRow(id=new_id("grt"), org_id=actor.org_id, outcome_id=str(g["outcome_id"]),
                                        seat_id=g["seat_id"], action=g["action"], effect=g.get("effect", "allow")))
    if "seat_overrides" in given:
        session.execute(delete(SeatOverrideRow).where(SeatOverrideRow.org_id == actor.org_id))
        for o in new["seat_overrides"]:
            session.add(SeatOverrideRow(id=new_id("sov"), org_id=actor.org_id, seat_id=o["seat_id"],
                                        action=o["action"], effect=o["effect"]))
    row.version = (row.version or 0) + 1
    row.updated_at = clock.now()
    session.flush()
    record(session, actor, "policy.changed", "policy", actor.org_id, {"version": row.version, "changes": given})
    return store.document(session, actor.org_id)


def propose(session: Session, org_id: str, sections: dict[str, Any]) -> tuple[dict, dict, PolicySet]:
    """Check an edit without writing it: (the sections given, the whole new policy document, the
    new policy compiled). Raises what update_policy would raise; the preview uses it too."""
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        field = sorted(unknown)[0]
        raise Invalid(f"unknown policy section {field!r}; use: {', '.join(SECTIONS)}", field=field)
    given = {k: v for k, v in sections.items() if v is not None}
    if not given:
        raise Invalid("give at least one policy section to change", field="policy")
    current = store.document(session, org_id)
    new = {k: current[k] for k in SECTIONS}
    compiled = None
    for key in SECTIONS:  # validate section by section so the error names the culprit
        if key in given:
            new[key] = _normalize(key, given[key])
            compiled = _compile(org_id, new, key)
    _check_seats(session, org_id, new)
    return given, new, compiled


def set_cell(session: Session, actor: Actor, *, level: int, action: str, effect: str) -> dict:
    """One matrix cell (later edits of the same cell win)."""
    matrix = [c for c in store.document(session, actor.org_id)["matrix"]
              if (c.get("level"), c.get("action")) != (level, action)]
    return update_policy(session, actor, matrix=[*matrix, {"level": level, "action": action, "effect": effect}])


def set_role_cell(session: Session, actor: Actor, *, role: str, action: str, effect: str) -> dict:
    """One cell of the person-role table (later edits of the same cell win)."""
    rows = [c for c in store.document(session, actor.org_id)["roles"] if (c.get("role"), c.get("action")) != (role, action)]
    return update_policy(session, actor, roles=[*rows, {"role": role, "action": action, "effect": effect}])


def add_hard_deny(session: Session, actor: Actor, *, key: str, actions: list[str], applies_to: str = "agents",
                  when: list | None = None, reason: str = "") -> dict:
    rules = [r for r in store.document(session, actor.org_id)["hard_deny"] if r["id"] != key]
    rule = {"id": key, "actions": actions, "applies_to": applies_to, "when": when or [], "reason": reason}
    return update_policy(session, actor, hard_deny=[*rules, rule])


def _normalize(key: str, value: Any) -> Any:
    shapes = {"classes": list, "matrix": list, "roles": list, "hard_deny": list, "grants": list, "seat_overrides": list,
              "channel_allowlist": list, "scopes": dict, "spend_limits": dict}
    if not isinstance(value, shapes[key]):
        raise Invalid(f"{key} must be a{'n object' if shapes[key] is dict else ' list'}", field=key)
    if key in ("hard_deny", "grants", "seat_overrides"):
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                raise Invalid(f"{key}[{i}] must be an object", field=key)
            item = dict(item)
            if key == "hard_deny":
                item.setdefault("id", f"rule-{i + 1}")
                if not isinstance(item["id"], str) or not 0 < len(item["id"]) <= 64:
                    raise Invalid(f"{key}[{i}].id must be a string of 1 to 64 characters", field=key)
            else:
                item["id"] = item.get("id") or f"{key}-{i + 1}"
            out.append(item)
        return out
    if key == "channel_allowlist":
        if not all(isinstance(c, str) and c.strip() for c in value):
            raise Invalid("channel_allowlist must be a list of non-empty strings", field=key)
    return value


def _compile(org_id: str, doc: dict, field: str) -> PolicySet:
    try:
        catalog = build_catalog(doc["classes"] or ())
        return PolicySet.build(org_id=org_id, catalog=catalog, matrix_overrides=doc["matrix"] or (),
                               scopes=doc["scopes"] or None, hard_deny=doc["hard_deny"], grants=doc["grants"],
                               seat_overrides=doc["seat_overrides"], spend_limits=doc["spend_limits"] or None,
                               channel_allowlist=doc["channel_allowlist"], roles=doc["roles"] or ())
    except UnknownActionError as exc:
        raise NotFound(f"{field}: {exc}", field=field) from None
    except (ValueError, TypeError, KeyError) as exc:
        # Well-formed, but clashing with the platform's fixed rules (a locked class, a duplicate id).
        raise Conflict(f"{field}: {exc}", field=field) from None


def _check_seats(session: Session, org_id: str, doc: dict) -> None:
    for key in ("grants", "seat_overrides"):
        for item in doc[key]:
            seat = session.get(Seat, item["seat_id"]) if isinstance(item.get("seat_id"), str) else None
            if seat is None or seat.org_id != org_id:
                raise NotFound(f"{key}: no seat {item.get('seat_id')!r} in this organization", field=key)
