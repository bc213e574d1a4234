"""What a policy edit would change, and for whom — before it is saved.

`preview(session, actor, sections)` takes the same sections `policy_edit.update_policy` takes,
checks them the same way (`policy_edit.propose`: nothing is written), and compares the policy
in force with the proposed one:

- the matrix cells that change (level × action class, old → new effect);
- rule changes: hard-deny rules, seat overrides and spend limits added, removed or changed;
- for every agent (and every member holding a seat whose override changes): the action classes
  it gains (a less strict standing answer) or loses (a stricter one), and its spend limits.

An agent's *standing answer* for an action is what governance answers before any resource is
known: a locked class or an unconditional hard-deny rule denies; else the strictest override of
its seats; else its level's matrix cell (scoped cells allow only within the scope, said in the
text). Conditional hard-deny rules ("when amount_cents > ...") are listed as rule changes.

`apply(session, actor, version=..., sections=...)` saves a previewed edit through the governed
service, refusing (409) when the policy changed since the preview was made: what was previewed
is exactly what is saved.

`cells_change`, `override_change`, `hard_deny_change` and `spend_change` turn one edit made on
the settings page into sections, from the stored policy.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.governance.authz import require
from otp.core.errors import Conflict, Invalid
from otp.governance import policy_edit, store
from otp.governance.matrix import EFFECTS, LEVEL_NAMES, LEVELS, STRICTNESS
from otp.governance.policy import PolicySet
from otp.org.models import Agent, Membership, Organization, Person, Seat


# ----------------------------------------------------------------------------- building edits
def cells_change(session: Session, org_id: str, cells: dict[tuple[int, str], str]) -> dict:
    """The matrix section after setting `cells` ({(level, action): effect}); cells already at
    that effect add nothing (so saving an untouched grid changes nothing)."""
    policy = store.policy_for(session, org_id)
    rows = list(store.document(session, org_id)["matrix"])
    for (level, action), effect in sorted(cells.items()):
        if effect not in EFFECTS:
            raise Invalid(f"level {level} {action}: choose allow, ask or deny", field=f"cell.{level}.{action}")
        if action not in policy.catalog:
            raise Invalid(f"unknown action class {action!r}", field=f"cell.{level}.{action}")
        if policy.matrix.effect(level, action) == effect:
            continue
        rows = [r for r in rows if (r.get("level"), r.get("action")) != (level, action)]
        rows.append({"level": level, "action": action, "effect": effect})
    return {"matrix": rows}


def override_change(session: Session, org_id: str, *, add: dict | None = None, remove: str | None = None) -> dict:
    overrides = [dict(o) for o in store.document(session, org_id)["seat_overrides"]]
    if remove is not None:
        overrides = [o for o in overrides if o["id"] != remove]
    if add is not None:
        overrides.append({"seat_id": add.get("seat_id"), "action": add.get("action"), "effect": add.get("effect")})
    return {"seat_overrides": overrides}


def hard_deny_change(session: Session, org_id: str, *, add: dict | None = None, remove: str | None = None) -> dict:
    rules = [dict(r) for r in store.document(session, org_id)["hard_deny"]]
    if remove is not None:
        rules = [r for r in rules if r["id"] != remove]
    if add is not None:
        if any(r["id"] == add.get("id") for r in rules):
            raise Conflict(f"a hard-deny rule named {add.get('id')!r} exists; pick another name", field="id")
        rules.append(add)
    return {"hard_deny": rules}


def spend_change(per_level: dict[int, int | None], per_action: dict[str, int | None]) -> dict:
    """The spend_limits section: None drops a limit."""
    return {"spend_limits": {"per_level": {str(k): v for k, v in sorted(per_level.items()) if v is not None},
                             "per_action": {k: v for k, v in sorted(per_action.items()) if v is not None}}}


# ----------------------------------------------------------------------------- preview
def preview(session: Session, actor: Actor, sections: dict[str, Any]) -> dict:
    """The difference the edit would make (see the module docstring). Reads only."""
    require(session, actor, "read")
    given, new_doc, new = policy_edit.propose(session, actor.org_id, sections)
    old = store.policy_for(session, actor.org_id)
    if new is None:
        raise Invalid("give at least one policy section to change", field="policy")
    seats = {s.id: s for s in session.execute(select(Seat).where(Seat.org_id == actor.org_id)).scalars()}
    actions = list(dict.fromkeys([*old.catalog, *new.catalog]))
    cells = [{"level": lv, "level_name": LEVEL_NAMES[lv], "action": a, "old": _cell(old, lv, a),
              "new": _cell(new, lv, a)}
             for a in actions for lv in LEVELS if _cell(old, lv, a) != _cell(new, lv, a)]
    rules = _rule_changes(old, new, seats)
    people = [*_agents(session, actor.org_id, old, new, actions, seats),
              *_members(session, actor.org_id, old, new, actions, seats)]
    return {"version": store.version_of(session, actor.org_id), "sections": given, "cells": cells,
            "rules": rules, "people": people, "changes_anything": bool(cells or rules)}


def apply(session: Session, actor: Actor, *, version: int, sections: dict[str, Any]) -> dict:
    """Save a previewed edit, unless the policy moved on since the preview (409, preview again)."""
    session.execute(select(Organization.id).where(Organization.id == actor.org_id).with_for_update())
    current = store.version_of(session, actor.org_id)
    if version != current:
        raise Conflict(f"the policy changed since this preview (version {version}, now {current}); "
                       "preview your change again", field="version")
    return policy_edit.update_policy(session, actor, **sections)


def _cell(policy: PolicySet, level: int, action: str) -> str | None:
    return policy.matrix.effect(level, action) if action in policy.catalog else None


def _standing(policy: PolicySet, level: int, seat_ids: frozenset, action: str) -> tuple[str, str] | None:
    """(effect, why) an agent at `level` holding `seat_ids` gets for `action`, resource unknown."""
    plan = policy.plans.get(action)
    if plan is None:
        return None
    if plan.never is not None:
        return "deny", "locked"
    always = plan.hard_agents.unconditional if plan.hard_agents else None
    if always is not None:
        return "deny", always.rule
    found = None
    for seat in seat_ids:
        d = plan.overrides.get(seat)
        if d is not None and (found is None or STRICTNESS[d.effect] > STRICTNESS[found.effect]):
            found = d
    if found is not None:
        return found.effect, found.rule
    cell = plan.levels[level]
    return cell.effect, cell.rule


def _spend(policy: PolicySet, level: int, action: str) -> int | None:
    plan = policy.plans.get(action)
    if plan is None or plan.spend is None:
        return None
    return plan.spend[level][0]


def _diff(old: PolicySet, new: PolicySet, level: int, seat_ids: frozenset, actions: list[str]) -> dict:
    gains, loses, spend = [], [], []
    for a in actions:
        before, after = _standing(old, level, seat_ids, a), _standing(new, level, seat_ids, a)
        if before is None or after is None or before[0] == after[0]:
            pass
        elif STRICTNESS[after[0]] < STRICTNESS[before[0]]:
            gains.append({"action": a, "old": before[0], "new": after[0]})
        else:
            loses.append({"action": a, "old": before[0], "new": after[0]})
        limits = _spend(old, level, a), _spend(new, level, a)
        if limits[0] != limits[1]:
            spend.append({"action": a, "old": limits[0], "new": limits[1]})
    return {"gains": gains, "loses": loses, "spend": spend}


def _agents(session: Session, org_id: str, old: PolicySet, new: PolicySet, actions: list[str],
            seats: dict) -> list[dict]:
    out = []
    agents = session.execute(select(Agent).where(Agent.org_id == org_id, Agent.status != "retired")
                             .order_by(Agent.name)).scalars()
    held: dict[str, set] = {}
    for s in seats.values():
        if s.occupant_agent_id:
            held.setdefault(s.occupant_agent_id, set()).add(s.id)
    for agent in agents:
        mine = frozenset(held.get(agent.id, ()))
        diff = _diff(old, new, agent.level, mine, actions)
        if diff["gains"] or diff["loses"] or diff["spend"]:
            out.append({"kind": "agent", "id": agent.id, "name": agent.name, "level": agent.level,
                        "status": agent.status, "seats": sorted(seats[s].title for s in mine), **diff})
    return out


def _members(session: Session, org_id: str, old: PolicySet, new: PolicySet, actions: list[str],
             seats: dict) -> list[dict]:
    """Members are restricted by their seats' overrides (owners and admins never are)."""
    changed = {o.seat_id for o in (*old.seat_overrides, *new.seat_overrides)}
    held: dict[str, set] = {}
    for s in seats.values():
        if s.occupant_person_id and s.id in changed:
            held.setdefault(s.occupant_person_id, set()).add(s.id)
    if not held:
        return []
    rows = session.execute(select(Person.id, Person.name).join(Membership, Membership.person_id == Person.id)
                           .where(Membership.org_id == org_id, Membership.role == "member",
                                  Person.id.in_(list(held)))).all()
    out = []
    for person_id, name in sorted(rows, key=lambda r: r.name):
        gains, loses = [], []
        for a in actions:
            before, after = _member_effect(old, held[person_id], a), _member_effect(new, held[person_id], a)
            if before is None or after is None or before == after:
                continue
            (gains if STRICTNESS[after] < STRICTNESS[before] else loses).append({"action": a, "old": before,
                                                                                 "new": after})
        if gains or loses:
            out.append({"kind": "person", "id": person_id, "name": name, "level": None, "status": "active",
                        "seats": sorted(seats[s].title for s in held[person_id]), "gains": gains, "loses": loses,
                        "spend": []})
    return out


def _member_effect(policy: PolicySet, seat_ids: set, action: str) -> str | None:
    plan = policy.plans.get(action)
    if plan is None:
        return None
    role = plan.roles["member"].effect
    if role == "deny":
        return role
    found = None
    for seat in seat_ids:
        d = plan.overrides.get(seat)
        if d is not None and (found is None or STRICTNESS[d.effect] > STRICTNESS[found]):
            found = d.effect
    return found or role


def _rule_changes(old: PolicySet, new: PolicySet, seats: dict) -> list[dict]:
    out = []
    old_hd, new_hd = {r.id: r for r in old.hard_deny}, {r.id: r for r in new.hard_deny}
    for rid in dict.fromkeys([*old_hd, *new_hd]):
        a, b = old_hd.get(rid), new_hd.get(rid)
        if a == b:
            continue
        rule = b or a
        change = "added" if a is None else "removed" if b is None else "changed"
        out.append({"kind": "hard_deny", "change": change, "text": _hard_text(rule)})

    def key(o):
        return (o.seat_id, o.action)
    old_ov = {key(o): o.effect for o in old.seat_overrides}
    new_ov = {key(o): o.effect for o in new.seat_overrides}
    for k in dict.fromkeys([*old_ov, *new_ov]):
        a, b = old_ov.get(k), new_ov.get(k)
        if a == b:
            continue
        seat = seats.get(k[0])
        title = seat.title if seat else k[0]
        holder = "" if seat is None or seat.occupant_agent_id or seat.occupant_person_id else " (vacant: whoever holds it next)"
        change = "added" if a is None else "removed" if b is None else "changed"
        effect = f"{a} → {b}" if change == "changed" else (b or a)
        out.append({"kind": "seat_override", "change": change,
                    "text": f"Seat {title}{holder}: {k[1]} is {effect}"})
    for label, before, after in (("per level", old.spend_limits.per_level, new.spend_limits.per_level),
                                 ("per action", old.spend_limits.per_action, new.spend_limits.per_action)):
        for k in dict.fromkeys([*before, *after]):
            if before.get(k) != after.get(k):
                name = f"level {k}" if label == "per level" else k
                out.append({"kind": "spend_limit", "change": "changed",
                            "text": f"Spend limit for {name}: {_money(before.get(k))} → {_money(after.get(k))}"})
    return out


def _hard_text(rule) -> str:
    who = "everyone, people included" if rule.applies_to == "everyone" else "every agent"
    when = " and ".join(f"{c.field} {c.op} {sorted(c.value) if isinstance(c.value, frozenset) else c.value}"
                        for c in rule.when)
    return (f"Hard-deny {rule.id!r}: {', '.join(rule.actions)} denied for {who}"
            + (f" when {when}" if when else " (always)") + (f" — {rule.reason}" if rule.reason else ""))


def _money(cents: int | None) -> str:
    return "none" if cents is None else f"{cents / 100:,.2f}"
