"""Reading what other domains store (governance policy, SOPs, meeting schedules) without depending on them.

Those domains are built alongside this one and their schemas may still move, so every reader
here is defensive: it looks the tables up by name in the shared metadata, reads the columns it
recognises, and answers None ("not available, with a note why") instead of failing. Generation
and maturity then skip that part and say so.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from otp.core.db import Base

_INACTIVE_FLAGS = (("active", False), ("enabled", False))
_GONE_COLUMNS = ("revoked_at", "deleted_at", "archived_at", "ended_at", "retired_at")


@dataclass
class Sources:
    """Notes explain every part that was skipped, so a reader knows what the numbers leave out."""

    notes: list[str] = field(default_factory=list)


def _load(domain: str, sources: Sources, what: str) -> bool:
    try:
        importlib.import_module(f"otp.{domain}.models")
    except ImportError:
        sources.notes.append(f"{what}: skipped, otp.{domain} has no stored models yet")
        return False
    except Exception as exc:  # another engineer's module mid-change must not break the OOS
        sources.notes.append(f"{what}: skipped, otp.{domain}.models failed to load ({type(exc).__name__})")
        return False
    return True


def _tables(prefix_any: tuple[str, ...], exclude: tuple[str, ...] = ()) -> list[Table]:
    out = []
    for name, table in Base.metadata.tables.items():
        low = name.lower()
        if any(p in low for p in prefix_any) and not any(x in low for x in exclude) and "org_id" in table.c:
            out.append(table)
    return out


def _live_rows(session: Session, table: Table, org_id: str) -> list[dict]:
    query = select(table).where(table.c.org_id == org_id)
    for column, bad in _INACTIVE_FLAGS:
        if column in table.c:
            query = query.where(table.c[column].isnot(bad))
    for column in _GONE_COLUMNS:
        if column in table.c:
            query = query.where(table.c[column].is_(None))
    return [dict(row._mapping) for row in session.execute(query)]


def _first(row: dict, *names, default=None):
    for name in names:
        if row.get(name) not in (None, ""):
            return row[name]
    return default


def hard_deny_rules(session: Session, org_id: str, sources: Sources) -> list[dict] | None:
    """[{id, actions: [..], reason, applies_to}] from stored policy, or None when not available."""
    if not _load("governance", sources, "hard-deny rules"):
        return None
    tables = _tables(("hard_deny", "harddeny"))
    rules: list[dict] = []
    for table in tables:
        for row in _live_rows(session, table, org_id):
            data = row.get("data") if isinstance(row.get("data"), dict) else {}
            merged = {**data, **{k: v for k, v in row.items() if v is not None}}
            actions = _first(merged, "actions", "action", "action_classes", default=[])
            rules.append({"id": str(_first(merged, "key", "name", "id", default="")),
                          "actions": [actions] if isinstance(actions, str) else [str(a) for a in actions or []],
                          "reason": str(_first(merged, "reason", "description", "why", default="")),
                          "applies_to": str(_first(merged, "applies_to", default="agents"))})
    for table in _tables(("polic",), exclude=("approval", "decision", "event")):
        for row in _live_rows(session, table, org_id):
            for value in row.values():  # a policy document stored as JSON with a hard_deny list
                if isinstance(value, dict) and isinstance(value.get("hard_deny"), list):
                    for item in value["hard_deny"]:
                        if isinstance(item, dict):
                            actions = item.get("actions", item.get("action", []))
                            rules.append({"id": str(item.get("id", "")),
                                          "actions": [actions] if isinstance(actions, str) else list(actions),
                                          "reason": str(item.get("reason", "")),
                                          "applies_to": str(item.get("applies_to", "agents"))})
    if not tables and not rules:
        sources.notes.append("hard-deny rules: no stored hard-deny table found in otp.governance.models")
    return rules


POLICY_RULE_SECTIONS = ("matrix", "scopes", "channel_allowlist", "spend_limits")


def _leaves(value) -> int:
    if isinstance(value, dict):
        return sum(_leaves(v) for v in value.values())
    if isinstance(value, list):
        return len(value)
    return 0 if value in (None, "", False) else 1


def governance_rule_count(session: Session, org_id: str, sources: Sources) -> int:
    """Organization-specific rules in force: hard-deny rules, grants, seat overrides, limits (rule
    rows), plus the policy document's own edits: matrix cells, scope changes, allow-listed
    channels and spend limits. The platform's default matrix is not counted: every organization
    has it, so it says nothing about the harness this one built."""
    if not _load("governance", sources, "governance rules in force"):
        return 0
    tables = _tables(("hard_deny", "harddeny", "override", "grant", "limit", "rule"),
                     exclude=("approval", "escalation", "ledger", "decision", "event", "oos_"))
    if not tables:
        sources.notes.append("governance rules in force: no rule tables found in otp.governance.models")
    count = sum(len(_live_rows(session, t, org_id)) for t in tables)
    for table in _tables(("polic",), exclude=("approval", "decision", "event", "oos_")):
        for row in _live_rows(session, table, org_id):
            count += sum(_leaves(row.get(section)) for section in POLICY_RULE_SECTIONS)
    return count


def sops(session: Session, org_id: str, sources: Sources) -> list[dict] | None:
    """[{id, title, trigger, steps, notes, owner_seat_id, version}] or None when not available."""
    if not _load("sops", sources, "SOPs"):
        return None
    tables = [t for t in _tables(("sop",), exclude=("version", "history", "edit", "revision", "oos_"))
              if "title" in t.c]
    if not tables:
        sources.notes.append("SOPs: no SOP table with a title found in otp.sops.models")
        return None
    out = []
    for table in tables:
        for row in _live_rows(session, table, org_id):
            steps = row.get("steps") or []
            out.append({"id": str(row.get("id")), "title": str(row.get("title") or ""),
                        "trigger": str(_first(row, "trigger", default="")),
                        "steps": [str(s.get("text", s) if isinstance(s, dict) else s) for s in steps]
                        if isinstance(steps, list) else [str(steps)],
                        "notes": str(_first(row, "notes", "description", default="")),
                        "owner_seat_id": _first(row, "owner_seat_id", "seat_id"),
                        "version": _first(row, "version", "current_version")})
    return out


def scheduled_agents(session: Session, org_id: str, sources: Sources) -> int:
    """Active agents the platform runs on a recurring schedule: those holding a seat that attends
    an active meeting series. A series is weekly (weekday + time); for each attendee the platform
    requests meeting prep every week (the agent's briefing lists it), so these agents have
    standing work that arrives on a clock, not on a person's prompt.

    Why this and nothing else: the platform has no job/cron table for agents, and a heartbeat
    stores only its latest time (no history to show recurrence), so meeting-series attendance is
    the one recurring schedule for agents it actually holds. An org whose agents run on an outside
    scheduler shows 0 here; its document's claims can still pass L7.
    """
    if not _load("meetings", sources, "scheduled agents"):
        return 0
    series = Base.metadata.tables.get("meeting_series")
    if series is None or not {"org_id", "attendee_seat_ids", "active"} <= set(series.c.keys()):
        sources.notes.append("scheduled agents: no meeting series table with attendees found in otp.meetings.models")
        return 0
    from otp.org.models import Agent, Seat

    seat_ids: set[str] = set()
    for attendees in session.execute(select(series.c.attendee_seat_ids).where(
            series.c.org_id == org_id, series.c.active.is_(True))).scalars():
        seat_ids.update(str(s) for s in attendees or [] if isinstance(s, str))
    if not seat_ids:
        return 0
    held = session.execute(select(Seat.id, Seat.occupant_agent_id).join(Agent, Agent.id == Seat.occupant_agent_id)
                           .where(Seat.org_id == org_id, Agent.status == "active")).all()
    return len({agent_id for seat_id, agent_id in held if seat_id in seat_ids})
