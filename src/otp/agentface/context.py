"""The compiled context of one agent: who it is, what its level lets it do, what it owns, how
it escalates, the SOPs it works by and the organization's rules — in one document.

Deterministic on purpose (people and agents diff it): every list has a stable order, nothing
says "now", and every time in it comes from the data. `compile_context` renders the same dict
as AGENTS.md, CLAUDE.md or JSON.
"""
from __future__ import annotations

import json

from sqlalchemy.orm import Session

from otp.agentface import mywork, render, seats
from otp.agentface.authority import authority
from otp.core.errors import Invalid, NotFound
from otp.core.types import iso
from otp.governance.matrix import LEVEL_NAMES
from otp.governance.store import policy_for, version_of
from otp.org.models import Agent, Organization
from otp.sops.inherit import effective_sops

FORMATS = ("agents-md", "claude-md", "json")


def compile_context(session: Session, agent_id: str, fmt: str = "agents-md", *, org_id: str | None = None) -> str:
    """The rendered context. `org_id` (the caller's organization) keeps tenants apart."""
    if fmt not in FORMATS:
        raise Invalid(f"format must be one of: {', '.join(FORMATS)}", field="format")
    data = context_data(session, agent_id, org_id=org_id)
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return render.markdown(data, fmt)


def context_data(session: Session, agent_id: str, *, org_id: str | None = None) -> dict:
    agent = session.get(Agent, agent_id) if isinstance(agent_id, str) else None
    if agent is None or (org_id is not None and agent.org_id != org_id):
        raise NotFound("no such agent in this organization", field="agent_id")
    org = session.get(Organization, agent.org_id)
    chains = {c[0].id: c for c in seats.held_chains(session, org.id, "agent", agent.id)}
    held = [c[0] for c in chains.values()]
    seat_ids = [s.id for s in held]
    above = sorted({r.id for c in chains.values() for r in c[1:]} - set(seat_ids))
    path = seats.humans_above(chains[held[0].id]) if held else []
    policy = policy_for(session, org.id)
    return {
        "organization": {"id": org.id, "name": org.name, "slug": org.slug, "timezone": org.timezone},
        "agent": {"id": agent.id, "name": agent.name, "runtime": agent.runtime, "model": agent.model,
                  "description": agent.description, "status": agent.status, "level": agent.level,
                  "level_name": LEVEL_NAMES[agent.level], "monthly_budget_cents": agent.monthly_budget_cents},
        "seats": [_seat(s, chains[s.id]) for s in held],
        "accountable_human": _human(path[0]) if path else None,
        "escalation_path": [_human(r) for r in path],
        "authority": authority(policy, org.id, agent.id, agent.level, seat_ids, above),
        "outcomes": mywork.outcomes(session, org.id, seat_ids),
        "measurables": mywork.measurables(session, org.id, seat_ids),
        "todos": mywork.todos(session, org.id, seat_ids),
        "issues": mywork.issues(session, org.id, seat_ids),
        "sops": [{"seat_id": s.id, "seat_title": s.title, "sops": _sops(session, org.id, s.id, chains[s.id])}
                 for s in held],
        "rules": _rules(policy, version_of(session, org.id), agent.level, set(seat_ids)),
    }


def _seat(seat: seats.SeatRow, chain: list[seats.SeatRow]) -> dict:
    parent = chain[1] if len(chain) > 1 else None
    return {"id": seat.id, "title": seat.title, "purpose": seat.purpose, "responsibilities": seat.responsibilities,
            "reports_to": None if parent is None else {"seat_id": parent.id, "title": parent.title,
                                                       "holder": parent.holder()}}


def _human(row: seats.SeatRow) -> dict:
    return {"seat_id": row.id, "seat_title": row.title, "person_id": row.holder_id, "name": row.holder_name}


def _sops(session: Session, org_id: str, seat_id: str, chain: list[seats.SeatRow]) -> list[dict]:
    out = []
    for e in effective_sops(session, org_id, seat_id, tree=seats.partial_tree(chain)):
        out.append({"key": e.key, "title": e.title, "trigger": e.trigger, "steps": list(e.steps),
                    "outputs": list(e.outputs), "tools": list(e.tools), "notes": e.notes, "version": e.version,
                    "updated_at": iso(e.updated_at), "source_seat_id": e.source_seat_id,
                    "source_seat_title": e.source_seat_title, "inherited": e.inherited,
                    "overrides": sorted(e.overrides, key=lambda o: (o["seat_id"], o["sop_id"]))})
    return out


def _rules(policy, version: int, level: int, seat_ids: set[str]) -> dict:
    limits = policy.spend_limits
    return {
        "policy_version": version,
        "hard_deny": [{"id": str(r.id), "actions": list(r.actions), "applies_to": r.applies_to,
                       "when": [_condition(c) for c in r.when], "reason": r.reason}
                      for r in sorted(policy.hard_deny, key=lambda r: str(r.id))],
        "spend_limits": {"per_action": {a: limits.per_action[a] for a in sorted(limits.per_action)},
                         "this_level": limits.per_level.get(level)},
        "channel_allowlist": sorted(policy.channel_allowlist),
        "seat_overrides": sorted(({"seat_id": o.seat_id, "action": o.action, "effect": o.effect}
                                  for o in policy.seat_overrides if o.seat_id in seat_ids),
                                 key=lambda o: (o["seat_id"], o["action"])),
        "outcome_grants": sorted(({"outcome_id": g.outcome_id, "seat_id": g.seat_id, "action": g.action,
                                   "effect": g.effect} for g in policy.grants if g.seat_id in seat_ids),
                                 key=lambda g: (g["outcome_id"], g["seat_id"], g["action"])),
    }


def _condition(c) -> dict:
    # Membership values are frozensets in the core: sorted here so the bytes never vary.
    return {"field": c.field, "op": c.op, "value": sorted(c.value) if isinstance(c.value, frozenset) else c.value}
