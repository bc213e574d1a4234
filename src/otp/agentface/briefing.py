"""The briefing: what needs this actor now. For agents (at the start of every run) and people.

Sections: due to-dos, measurables to report this period, outcomes needing a status, approval
decisions returned, escalations waiting, meeting prep requested (when a meetings domain
provides `otp.meetings.briefing.prep_requested`), unread inbox items, and SOP versions changed.
"Since" is the agent's last heartbeat; without one (and for people) the last LOOKBACK days.

Benchmarked (bench/bench_briefing.py) for an agent in a 10,000-seat organization: every
section is a small indexed query on the actor's own seats; the chart is never loaded whole.
"""
from __future__ import annotations

import importlib
import importlib.util
from datetime import timedelta
from functools import lru_cache

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from otp.agentface import mywork, seats
from otp.auth.actor import Actor
from otp.core import clock
from otp.core.types import iso
from otp.governance.models import AgentGuard, ApprovalRequest, Escalation
from otp.inbox.models import InboxItem
from otp.org.models import Organization
from otp.scorecard import periods
from otp.scorecard.models import Entry, Measurable
from otp.sops.models import Sop, SopVersion
from otp.sops.inherit import sop_changes_since

LOOKBACK = timedelta(days=7)
DUE_WITHIN = timedelta(days=1)
STATUS_STALE_AFTER = timedelta(days=7)
INBOX_ITEMS = 20
RECENT = timedelta(days=32)  # covers the current period of any cadence in any timezone
DECIDED = ("approved", "rejected", "expired")


def briefing(session: Session, actor: Actor) -> dict:
    now = clock.now()
    chains = seats.held_chains(session, actor.org_id, actor.kind, actor.id)
    held = [c[0] for c in chains]
    seat_ids = [s.id for s in held]
    last_beat = _last_heartbeat(session, actor)
    since = last_beat or now - LOOKBACK
    out = {
        "actor": {"kind": actor.kind, "id": actor.id, "name": actor.name, "level": actor.level,
                  "status": actor.status},
        "seats": [{"id": s.id, "title": s.title} for s in held],
        "now": iso(now), "since": iso(since), "last_heartbeat_at": iso(last_beat),
        "due_todos": mywork.todos(session, actor.org_id, seat_ids, due_before=now + DUE_WITHIN, limit=100),
        "measurables_to_report": _to_report(session, actor.org_id, seat_ids, now),
        "outcomes_needing_status": _stale_outcomes(session, actor.org_id, seat_ids, now),
        "approval_decisions": _decisions(session, actor, since),
        "escalations_waiting": _escalations_held(session, actor),
        "escalations_resolved": _escalations_resolved(session, actor, since),
        "meeting_prep": _meeting_prep(session, actor, seat_ids),
        "inbox": _inbox(session, actor),
        "sop_changes": _sop_changes(session, actor.org_id, chains, since),
    }
    out["needs_attention"] = sum(len(out[k]) for k in (
        "due_todos", "measurables_to_report", "outcomes_needing_status", "approval_decisions",
        "escalations_waiting", "escalations_resolved", "meeting_prep", "sop_changes")) + out["inbox"]["unread"]
    return out


def _last_heartbeat(session: Session, actor: Actor):
    if actor.kind != "agent":
        return None
    return session.execute(select(AgentGuard.last_heartbeat_at).where(AgentGuard.agent_id == actor.id)).scalar()


def _to_report(session: Session, org_id: str, seat_ids: list[str], now) -> list[dict]:
    """Measurables the actor's seats own (not formulas) with no entry for the current period.
    One query: each measurable with its entries of the last ~month (enough for either cadence)."""
    if not seat_ids:
        return []
    recent = and_(Entry.measurable_id == Measurable.id, Entry.period_start >= (now - RECENT).date())
    rows = session.execute(select(
        Measurable.id, Measurable.key, Measurable.title, Measurable.cadence, Measurable.unit, Measurable.comparator,
        Measurable.target, Organization.timezone, Organization.week_start, Entry.period_start)
        .join(Organization, Organization.id == Measurable.org_id).outerjoin(Entry, recent).where(
        Measurable.org_id == org_id, Measurable.owner_seat_id.in_(seat_ids), Measurable.archived_at.is_(None),
        Measurable.formula.is_(None)).order_by(Measurable.position, Measurable.key)).all()
    current: dict[str, object] = {}
    reported: set[str] = set()
    out: dict[str, dict] = {}
    for mid, key, title, cadence, unit, comp, target, tz, week_start, period in rows:
        if cadence not in current:
            current[cadence] = periods.period_of(now, cadence, tz, week_start)
        if period == current[cadence]:
            reported.add(mid)
        out.setdefault(mid, {"id": mid, "key": key, "title": title, "cadence": cadence, "unit": unit,
                             "comparator": comp, "target": target, "period": current[cadence].isoformat()})
    return [m for mid, m in out.items() if mid not in reported]


def _stale_outcomes(session: Session, org_id: str, seat_ids: list[str], now) -> list[dict]:
    cutoff = iso(now - STATUS_STALE_AFTER)
    return [{k: o[k] for k in ("id", "title", "status", "status_changed_at", "due_date", "quarter")}
            for o in mywork.outcomes(session, org_id, seat_ids)
            if o["role"] == "owner" and o["status"] != "done_pending_review" and o["status_changed_at"] < cutoff]


def _decisions(session: Session, actor: Actor, since) -> list[dict]:
    rows = session.execute(select(ApprovalRequest).where(
        ApprovalRequest.org_id == actor.org_id, ApprovalRequest.requester_kind == actor.kind,
        ApprovalRequest.requester_id == actor.id, ApprovalRequest.state.in_(DECIDED),
        ApprovalRequest.decided_at > since).order_by(ApprovalRequest.decided_at, ApprovalRequest.id)
        .limit(100)).scalars()
    return [{"approval_id": r.id, "action": r.action, "state": r.state, "reason": r.reason,
             "decided_at": iso(r.decided_at), "result": r.result} for r in rows]


def _escalation(e: Escalation) -> dict:
    return {"escalation_id": e.id, "reason": e.reason, "needed": e.needed, "urgency": e.urgency,
            "respond_by": iso(e.respond_by), "state": e.state, "resolution": e.resolution,
            "link": {"type": e.link_type, "id": e.link_id} if e.link_type else None}


def _escalations_held(session: Session, actor: Actor) -> list[dict]:
    """Escalations waiting for this actor's answer (only people hold escalations)."""
    if actor.kind != "person":
        return []
    rows = session.execute(select(Escalation).where(
        Escalation.org_id == actor.org_id, Escalation.holder_person_id == actor.id, Escalation.state == "open")
        .order_by(Escalation.respond_by, Escalation.id).limit(100)).scalars()
    return [_escalation(e) for e in rows]


def _escalations_resolved(session: Session, actor: Actor, since) -> list[dict]:
    """The actor's own escalations answered since its last heartbeat."""
    rows = session.execute(select(Escalation).where(
        Escalation.org_id == actor.org_id, Escalation.raised_by_kind == actor.kind,
        Escalation.raised_by_id == actor.id, Escalation.state == "resolved", Escalation.resolved_at > since)
        .order_by(Escalation.resolved_at, Escalation.id).limit(100)).scalars()
    return [_escalation(e) for e in rows]


@lru_cache(maxsize=1)
def _prep_hook():
    # The meetings domain comes later; until it provides the hook this section stays empty.
    if importlib.util.find_spec("otp.meetings") is None:
        return None
    try:
        module = importlib.import_module("otp.meetings.briefing")
    except ImportError:
        return None
    return getattr(module, "prep_requested", None)


def _meeting_prep(session: Session, actor: Actor, seat_ids: list[str]) -> list[dict]:
    hook = _prep_hook()
    return list(hook(session, actor, seat_ids)) if hook else []


def _unread(actor: Actor):
    return and_(InboxItem.org_id == actor.org_id, InboxItem.recipient_kind == actor.kind,
                InboxItem.recipient_id == actor.id, InboxItem.read_at.is_(None))


def unread_count(session: Session, actor: Actor) -> int:
    return session.execute(select(func.count()).select_from(InboxItem).where(_unread(actor))).scalar_one()


def _inbox(session: Session, actor: Actor) -> dict:
    rows = session.execute(select(InboxItem.id, InboxItem.kind, InboxItem.title, InboxItem.created_at,
                                  InboxItem.link_type, InboxItem.link_id).where(_unread(actor))
                           .order_by(InboxItem.created_at.desc(), InboxItem.id.desc()).limit(INBOX_ITEMS)).all()
    # The count costs a query only when there are more unread items than the page shows.
    unread = len(rows) if len(rows) < INBOX_ITEMS else unread_count(session, actor)
    return {"unread": unread, "items": [{"id": i, "kind": k, "title": t, "created_at": iso(c),
                                         "link": {"type": lt, "id": li} if lt else None}
                                        for i, k, t, c, lt, li in rows]}


def _sop_changes(session: Session, org_id: str, chains: list[list[seats.SeatRow]], since) -> list[dict]:
    out = []
    for chain in chains:
        if not _sops_touched(session, [r.id for r in chain], since):
            continue  # the common case: nothing on the chain changed, so skip the full comparison
        changes = sop_changes_since(session, org_id, chain[0].id, since, tree=seats.partial_tree(chain))
        out += [{**c.as_dict(), "seat_id": chain[0].id} for c in changes]
    return out


def _sops_touched(session: Session, seat_ids: list[str], since) -> bool:
    edited = select(SopVersion.id).join(Sop, Sop.id == SopVersion.sop_id).where(
        Sop.seat_id.in_(seat_ids), SopVersion.created_at > since)
    archived = select(Sop.id).where(Sop.seat_id.in_(seat_ids), Sop.archived_at > since)
    return session.execute(select(edited.exists() | archived.exists())).scalar()
