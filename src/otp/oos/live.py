"""Read-outs of a stored OOS for a live organization: validation, quality, privacy scan, and the
agentic maturity that combines the document with what the platform itself observes."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict
from typing import Iterable

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from otp.auth.models import ApiToken
from otp.events.models import Event
from otp.org.models import Agent, Seat

from . import live_sources, store
from .diff import diff_versions
from .findings import listed
from .maturity import MaturitySignals, assess_document
from .publish import chart_names
from .scan import has_critical, scan
from .score import score
from .validate import has_errors, validate

LEARNING_ACTIONS = ("oos.learning_captured", "learning.captured")
SOP_REVISION = "sop.updated"
DECISIONS = ("approval.approved", "approval.rejected")


def _count(session: Session, query) -> int:
    return int(session.execute(query).scalar() or 0)


def agents_leading_agents(session: Session, org_id: str) -> int:
    """Agents whose seats have agent-held seats somewhere below them (one query, one pass)."""
    rows = session.execute(select(Seat.id, Seat.parent_id, Seat.occupant_agent_id).where(Seat.org_id == org_id))
    return len(leading_agents(rows))


def leading_agents(rows: Iterable[tuple[str, str | None, str | None]]) -> set[str]:
    """From (seat id, parent seat id, agent id or None) rows: the agents holding a seat that has an
    agent-held seat anywhere in its subtree. Linear: build the children map once, then visit
    every seat once (iterative post-order), each seat learning from its children whether an
    agent sits below it. Seats not reachable from a root (only a corrupt cycle) are skipped."""
    agent_of: dict[str, str | None] = {}
    children: dict[str | None, list[str]] = defaultdict(list)
    for seat_id, parent_id, agent_id in rows:
        agent_of[seat_id] = agent_id
        children[parent_id].append(seat_id)
    agent_below: dict[str, bool] = {}
    leaders: set[str] = set()
    stack: list[tuple[str, bool]] = [(root, False) for root in children.get(None, [])]
    while stack:
        seat_id, expanded = stack.pop()
        kids = children.get(seat_id, [])
        if not expanded:
            stack.append((seat_id, True))
            stack.extend((kid, False) for kid in kids)
            continue
        below = any(agent_of[kid] is not None or agent_below[kid] for kid in kids)
        agent_below[seat_id] = below
        if below and agent_of[seat_id] is not None:
            leaders.add(agent_of[seat_id])
    return leaders


def live_signals(session: Session, org_id: str) -> tuple[MaturitySignals, list[str]]:
    """What the platform observes, and notes on what it could not observe yet."""
    sources = live_sources.Sources()
    sops = live_sources.sops(session, org_id, sources)
    signals = MaturitySignals(
        agents_active=_count(session, select(func.count()).select_from(Agent).where(
            Agent.org_id == org_id, Agent.status == "active")),
        # An agent token that has been used is an agent connected over the API/MCP (one token serves both).
        agents_connected_mcp=_count(session, select(func.count(distinct(ApiToken.agent_id))).where(
            ApiToken.org_id == org_id, ApiToken.agent_id.isnot(None), ApiToken.last_used_at.isnot(None))),
        sops_defined=len(sops or []),
        # Revisions of existing SOPs (a new version), not their creation: improving a procedure
        # after the fact is what makes the engineering compound.
        sop_edits=_count(session, select(func.count()).select_from(Event).where(
            Event.org_id == org_id, Event.action == SOP_REVISION)),
        learnings_captured=_count(session, select(func.count()).select_from(Event).where(
            Event.org_id == org_id, Event.action.in_(LEARNING_ACTIONS))),
        scheduled_agents=live_sources.scheduled_agents(session, org_id, sources),
        governance_rules=live_sources.governance_rule_count(session, org_id, sources),
        governance_decisions=_count(session, select(func.count()).select_from(Event).where(
            Event.org_id == org_id, Event.action.in_(DECISIONS))),
        agents_on_chart=_count(session, select(func.count(distinct(Seat.occupant_agent_id)))
                               .join(Agent, Agent.id == Seat.occupant_agent_id)
                               .where(Seat.org_id == org_id, Agent.status == "active")),
        agents_leading_agents=agents_leading_agents(session, org_id),
    )
    return signals, list(dict.fromkeys(sources.notes))


def version_info(row) -> dict:
    return {"id": row.id, "state": row.state, "number": row.number, "parent_version": row.parent_version}


def validation(session: Session, org_id: str, version=None) -> dict:
    row = store.resolve(session, org_id, version)
    findings = validate(store.document_of(row))
    errors = sum(f.severity == "error" for f in findings)
    return {"version": version_info(row), "valid": not has_errors(findings), "errors": errors,
            "warnings": len(findings) - errors, "findings": [f.to_dict() for f in findings]}


def quality(session: Session, org_id: str, version=None) -> dict:
    row = store.resolve(session, org_id, version)
    return {"version": version_info(row), **score(store.document_of(row)).to_dict()}


def maturity(session: Session, org_id: str, version=None) -> dict:
    """The stored OOS of this live organization: the runtime decides each level, claims alone
    show as "claimed, not observed" (see `maturity`)."""
    row = store.resolve(session, org_id, version)
    live, notes = live_signals(session, org_id)
    result = assess_document(store.document_of(row), live)
    return {"version": version_info(row), **result.to_dict(), "observed": asdict(live), "notes": notes}


def privacy(session: Session, org_id: str, version=None) -> dict:
    row = store.resolve(session, org_id, version)
    findings = scan(row.text, chart_names(session, org_id))
    # Redacted and placed as the page shows them: a response must not echo the secret it reports.
    return {"version": version_info(row), "critical": has_critical(findings),
            "findings": listed(row.text, findings, store.document_of(row))}


def version_diff(session: Session, org_id: str, old, new) -> dict:
    a = store.resolve(session, org_id, old, "from")
    b = store.resolve(session, org_id, new, "to")
    return {"from": version_info(a), "to": version_info(b),
            **diff_versions(store.document_of(a), store.document_of(b)).to_dict()}


def check_text(session: Session, org_id: str, text: str) -> dict:
    """A document that is not stored (Markdown or the JSON form): validation, quality, maturity from
    the document alone (it need not describe this organization) and the privacy scan, which
    protects this organization's people. The REST twin of the CLI's file commands."""
    doc = store.parse_text(text, "text")
    findings = validate(doc)
    errors = sum(f.severity == "error" for f in findings)
    scanned = scan(text, chart_names(session, org_id))
    return {"validation": {"valid": not errors, "errors": errors, "warnings": len(findings) - errors,
                           "findings": [f.to_dict() for f in findings]},
            "quality": score(doc).to_dict(), "maturity": assess_document(doc).to_dict(),
            "privacy": {"critical": has_critical(scanned),
                        # The JSON form's lines are not the document's: placed by line only then.
                        "findings": listed(text, scanned, None if text.lstrip().startswith("{") else doc)}}
