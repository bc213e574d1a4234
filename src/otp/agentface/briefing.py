"""The briefing: what needs this actor now. For agents (at the start of every run) and people.

Sections: due to-dos, measurables to report this period, outcomes needing a status, approval
decisions returned, escalations waiting, meeting prep requested (when a meetings domain
provides `otp.meetings.briefing.prep_requested`), unread inbox items, and SOP versions changed.
"Since" is the agent's last heartbeat; without one (and for people) the last LOOKBACK days.

Benchmarked (bench/bench_briefing.py) for an agent in a 10,000-seat organization: every
section is a small indexed query on the actor's own seats; the chart is never loaded whole.
Building, executing and ORM-loading those queries through SQLAlchemy cost far more than running
them, so each is a Core select built once at import, with bound parameters, compiled once per
dialect and run on the transaction's DB-API cursor (`otp.core.prepared`). On SQLite the REST
route runs the whole read on the event loop's thread (`deps.read_as_actor`).

The actor's seat chains and the SOP history along them (what changed, by whom, when) are kept
per process (`_STRUCTURE`), keyed on the organization's event sequence (`event_chains.seq`,
one primary-key read): seats and SOPs change only through services that record an event in
the same transaction, and the chain head is row-locked, so the sequence moves with every such
commit and any instance reading it sees when its copy is stale. Everything else — to-dos,
numbers, approvals, escalations, meetings, the inbox and the heartbeat — is read live.
The sequence, the heartbeat and the "is any meeting in its prep window" probe are read in one
statement (`_state`): each statement costs more in Python than in the database.
"""
from __future__ import annotations

import importlib
import importlib.util
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from sqlalchemy import and_, bindparam, exists, func, null, select, true
from sqlalchemy.orm import Session

from otp.agentface import mywork, seats
from otp.auth.actor import Actor
from otp.core import clock
from otp.core.errors import Invalid
from otp.core.prepared import Prepared
from otp.core.types import iso
from otp.events.models import EventChain
from otp.governance.models import AgentGuard, ApprovalRequest, Escalation
from otp.governance.question import Asked, Names, line
from otp.inbox.models import InboxItem
from otp.org.models import Agent, Organization, Person, Seat
from otp.scorecard import periods
from otp.scorecard.models import Entry, Measurable
from otp.sops.inherit import SopHistory, changes_since, sop_history
from otp.work.common import parse_datetime
from otp.work.models import Outcome, OutcomeStatusChange

LOOKBACK = timedelta(days=7)
DUE_WITHIN = timedelta(days=1)
STATUS_STALE_AFTER = timedelta(days=7)
INBOX_ITEMS = 20
RECENT = timedelta(days=32)  # covers the current period of any cadence in any timezone
DECIDED = ("approved", "rejected", "expired")
PROBE_SLACK = timedelta(minutes=1)  # the meetings domain reads the clock a moment after we do
OLDEST_SINCE = timedelta(days=90)  # a briefing is about now; older history is in the event log
CACHED_ACTORS = 4096  # per process; an entry is a few seat rows and SOP version stamps


def briefing(session: Session, actor: Actor, since: datetime | str | None = None) -> dict:
    """What needs the actor now. Decisions, answered escalations and SOP changes are those after
    `since`: by default the actor's last heartbeat (people, and agents that never sent one: the
    last LOOKBACK). An agent that keeps its own state may pass the `now` of its previous briefing
    instead, so that a change made after it read that briefing but before its heartbeat is not
    skipped."""
    now = clock.now()
    since = _since(since, now)
    conn = seats.core(session)
    seq, last_beat, meeting_soon = _state(conn, actor, now)
    structure = _structure(session, actor, seq)
    chains = structure.chains
    held = [c[0] for c in chains]
    seat_ids = [s.id for s in held]
    since = since or last_beat or now - LOOKBACK
    out = {
        "actor": {"kind": actor.kind, "id": actor.id, "name": actor.name, "level": actor.level,
                  "status": actor.status},
        "seats": [{"id": s.id, "title": s.title} for s in held],
        "now": iso(now), "since": iso(since), "last_heartbeat_at": iso(last_beat),
        "due_todos": mywork.todos(session, actor.org_id, seat_ids, due_before=now + DUE_WITHIN, limit=100),
        "measurables_to_report": _to_report(conn, actor.org_id, seat_ids, now),
        "outcomes_needing_status": _stale_outcomes(conn, actor.org_id, seat_ids, now),
        "approval_decisions": _decisions(session, conn, actor, held, since),
        "escalations_waiting": _escalations_held(conn, actor),
        "escalations_resolved": _escalations_resolved(conn, actor, since),
        "meeting_prep": _meeting_prep(session, actor, seat_ids, now) if meeting_soon else [],
        "inbox": _inbox(conn, actor),
        "sop_changes": _sop_changes(structure, since),
    }
    out["needs_attention"] = sum(len(out[k]) for k in (
        "due_todos", "measurables_to_report", "outcomes_needing_status", "approval_decisions",
        "escalations_waiting", "escalations_resolved", "meeting_prep", "sop_changes")) + out["inbox"]["unread"]
    return out


def _since(value, now: datetime) -> datetime | None:
    since = parse_datetime("since", value)
    if since is not None and since > now:
        raise Invalid(f"since is in the future (the server's time is {iso(now)})", field="since")
    if since is not None and since < now - OLDEST_SINCE:
        raise Invalid(f"since is more than {OLDEST_SINCE.days} days ago", field="since")
    return since


# --- the cached structure: seat chains and SOP history ----------------------------------------
@dataclass(frozen=True)
class Structure:
    seq: int | None  # the organization's event sequence it was read at
    chains: list[list[seats.SeatRow]]
    sops: list[SopHistory]  # one per chain


_CHAIN_SEQ = select(EventChain.seq).where(EventChain.org_id == bindparam("org_id"))
_STRUCTURE: OrderedDict[tuple, Structure] = OrderedDict()
_STRUCTURE_LOCK = threading.Lock()


def _structure(session: Session, actor: Actor, seq: int | None) -> Structure:
    """The actor's seat chains and their SOP history, from the process cache while the
    organization's event sequence (`seq`, read by `_state`) has not moved; read (three to four
    queries) otherwise."""
    conn = seats.core(session)
    key = (conn.engine.url, actor.org_id, actor.kind, actor.id)
    with _STRUCTURE_LOCK:
        hit = _STRUCTURE.get(key)
        if hit is not None and seq is not None and hit.seq == seq:
            _STRUCTURE.move_to_end(key)
            return hit
    chains = seats.held_chains(session, actor.org_id, actor.kind, actor.id)
    histories = [sop_history(session, actor.org_id, chain[0].id, tree=seats.partial_tree(chain)) for chain in chains]
    fresh = Structure(seq, chains, histories)
    if seq is not None:
        with _STRUCTURE_LOCK:
            _STRUCTURE[key] = fresh
            _STRUCTURE.move_to_end(key)
            while len(_STRUCTURE) > CACHED_ACTORS:
                _STRUCTURE.popitem(last=False)
    return fresh


def _sop_changes(structure: Structure, since) -> list[dict]:
    out = []
    for chain, history in zip(structure.chains, structure.sops):
        out += [{**c.as_dict(), "seat_id": chain[0].id} for c in changes_since(history, since)]
    return out


# --- live sections ------------------------------------------------------------------------------
_HEARTBEAT = select(AgentGuard.last_heartbeat_at).where(AgentGuard.agent_id == bindparam("agent_id"))


@lru_cache(maxsize=4)
def _state_statement(agent: bool, probe: bool):
    """One row: the organization's event sequence, the agent's last heartbeat (agents only) and
    whether any meeting is in its prep window (when the meetings domain says what that is)."""
    found = _prep_hook()
    return Prepared(select(_CHAIN_SEQ.scalar_subquery(),
                           _HEARTBEAT.scalar_subquery() if agent else null(),
                           found[2].scalar_subquery() if probe else true()))


def _state(conn, actor: Actor, now) -> tuple[int | None, object, bool]:
    """(event sequence, last heartbeat, a meeting may need prep): what every briefing reads
    first, in one statement instead of three."""
    found = _prep_hook()
    probe = bool(found) and found[2] is not None
    params = {"org_id": actor.org_id, "agent_id": actor.id}
    if probe:
        params.update(start=now, end=now + found[1] + PROBE_SLACK)
    seq, beat, soon = _state_statement(actor.kind == "agent", probe).one(conn, params)
    return seq, beat, bool(soon)


@lru_cache(maxsize=64)
def _to_report_statement(n: int):
    """Each measurable the seats own (not formulas) with its entries of the last ~month (enough
    for either cadence): one query."""
    return Prepared(select(Measurable.id, Measurable.key, Measurable.title, Measurable.cadence, Measurable.unit,
                   Measurable.comparator, Measurable.target, Organization.timezone, Organization.week_start,
                   Entry.period_start)
            .join(Organization, Organization.id == Measurable.org_id)
            .outerjoin(Entry, and_(Entry.measurable_id == Measurable.id,
                                   Entry.period_start >= bindparam("recent", type_=Entry.period_start.type)))
            .where(Measurable.org_id == bindparam("org_id"), seats.ids_in(Measurable.owner_seat_id, n),
                   Measurable.archived_at.is_(None), Measurable.formula.is_(None))
            .order_by(Measurable.position, Measurable.key))


def _to_report(conn, org_id: str, seat_ids: list[str], now) -> list[dict]:
    """Measurables the actor's seats own (not formulas) with no entry for the current period."""
    if not seat_ids:
        return []
    rows = _to_report_statement(len(seat_ids)).all(conn, {"org_id": org_id, "recent": (now - RECENT).date(),
                                                          **seats.ids_params(seat_ids)})
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


@lru_cache(maxsize=64)
def _owned_outcomes_statement(n: int):
    """Open outcomes the seats own (what `mywork.outcomes` calls role "owner"), not awaiting review,
    with the time of their last status change: one query on (org_id, owner_seat_id)."""
    changed = (select(func.max(OutcomeStatusChange.changed_at)).where(OutcomeStatusChange.outcome_id == Outcome.id)
               .correlate(Outcome).scalar_subquery())
    return Prepared(select(Outcome.id, Outcome.title, Outcome.status, Outcome.quarter, Outcome.due_date,
                           Outcome.created_at, changed).where(
        Outcome.org_id == bindparam("org_id"), seats.ids_in(Outcome.owner_seat_id, n),
        Outcome.status.not_in([bindparam(f"closed{i}", v) for i, v in enumerate(_NOT_NEEDING_STATUS)])))


_NOT_NEEDING_STATUS = (*mywork.CLOSED_OUTCOME, "done_pending_review")


def _stale_outcomes(conn, org_id: str, seat_ids: list[str], now) -> list[dict]:
    """Outcomes the seats own whose status has not changed for STATUS_STALE_AFTER; ordered as
    `mywork.outcomes` orders them (due date, title, id)."""
    if not seat_ids:
        return []
    cutoff = iso(now - STATUS_STALE_AFTER)
    rows = _owned_outcomes_statement(len(seat_ids)).all(conn, {"org_id": org_id, **seats.ids_params(seat_ids)})
    out = []
    for oid, title, status, quarter, due, created, last in rows:
        changed = iso(mywork._aware(last) or created)
        if changed < cutoff:
            out.append({"id": oid, "title": title, "status": status, "status_changed_at": changed,
                        "due_date": mywork._day(due), "quarter": quarter})
    return sorted(out, key=lambda x: (x["due_date"] or "9999", x["title"], x["id"]))


# A decision's own fields, then what its one-line question is built from (question.Asked).
_DECISIONS = Prepared(select(ApprovalRequest.id, ApprovalRequest.action, ApprovalRequest.state, ApprovalRequest.reason,
                             ApprovalRequest.decided_at, ApprovalRequest.result,
                             *(getattr(ApprovalRequest, f) for f in Asked._fields))
              .where(ApprovalRequest.org_id == bindparam("org_id"),
                     ApprovalRequest.requester_kind == bindparam("kind"),
                     ApprovalRequest.requester_id == bindparam("actor_id"),
                     ApprovalRequest.state.in_([bindparam(f"decided{i}", v) for i, v in enumerate(DECIDED)]),
                     ApprovalRequest.decided_at > bindparam("since"))
              .order_by(ApprovalRequest.decided_at, ApprovalRequest.id).limit(100))


def _decisions(session: Session, conn, actor: Actor, held: list[seats.SeatRow], since) -> list[dict]:
    """Approval decisions on the actor's requests since `since`, each with the approver's note
    and the request's one-line question (as on REST): one query, then the names the lines use,
    each read once; the requester's own name and seats' titles are known already."""
    rows = _DECISIONS.all(conn, {"org_id": actor.org_id, "kind": actor.kind, "actor_id": actor.id, "since": since})
    if not rows:
        return []
    names = Names(session)
    names.know(Agent.name if actor.kind == "agent" else Person.name, actor.id, actor.name)
    for seat in held:
        names.know(Seat.title, seat.id, seat.title)
    return [{"approval_id": i, "action": a, "state": st, "reason": r, "decided_at": iso(d), "result": res,
             "note": r, "question": line(session, Asked(*asked), names)}
            for i, a, st, r, d, res, *asked in rows]


_ESCALATION_COLUMNS = (Escalation.id, Escalation.reason, Escalation.needed, Escalation.urgency,
                       Escalation.respond_by, Escalation.state, Escalation.resolution, Escalation.link_type,
                       Escalation.link_id)
_ESCALATIONS_HELD = Prepared(select(*_ESCALATION_COLUMNS)
                     .where(Escalation.org_id == bindparam("org_id"),
                            Escalation.holder_person_id == bindparam("actor_id"), Escalation.state == "open")
                     .order_by(Escalation.respond_by, Escalation.id).limit(100))
_ESCALATIONS_RESOLVED = Prepared(select(*_ESCALATION_COLUMNS)
                         .where(Escalation.org_id == bindparam("org_id"),
                                Escalation.raised_by_kind == bindparam("kind"),
                                Escalation.raised_by_id == bindparam("actor_id"), Escalation.state == "resolved",
                                Escalation.resolved_at > bindparam("since"))
                         .order_by(Escalation.resolved_at, Escalation.id).limit(100))


def _escalation(row) -> dict:
    eid, reason, needed, urgency, respond_by, state, resolution, link_type, link_id = row
    return {"escalation_id": eid, "reason": reason, "needed": needed, "urgency": urgency,
            "respond_by": iso(respond_by), "state": state, "resolution": resolution,
            "link": {"type": link_type, "id": link_id} if link_type else None}


def _escalations_held(conn, actor: Actor) -> list[dict]:
    """Escalations waiting for this actor's answer (only people hold escalations)."""
    if actor.kind != "person":
        return []
    return [_escalation(r) for r in _ESCALATIONS_HELD.all(conn, {"org_id": actor.org_id, "actor_id": actor.id})]


def _escalations_resolved(conn, actor: Actor, since) -> list[dict]:
    """The actor's own escalations answered since its last heartbeat."""
    rows = _ESCALATIONS_RESOLVED.all(conn, {"org_id": actor.org_id, "kind": actor.kind, "actor_id": actor.id,
                                            "since": since})
    return [_escalation(r) for r in rows]


@lru_cache(maxsize=1)
def _prep_hook():
    """(prep_requested, its window) from the meetings domain, or None while there is none."""
    if importlib.util.find_spec("otp.meetings") is None:
        return None
    try:
        module = importlib.import_module("otp.meetings.briefing")
        prep = importlib.import_module("otp.meetings.prep")
        from otp.meetings.models import Meeting
    except ImportError:
        return None
    hook = getattr(module, "prep_requested", None)
    window = getattr(prep, "REQUEST_WINDOW", None)
    if hook is None:
        return None
    # Most briefings fall outside every meeting's prep window: one indexed probe says so before
    # the meetings domain is asked (its answer covers the same window, and more precisely).
    probe = None if window is None else select(exists().where(
        Meeting.org_id == bindparam("org_id"), Meeting.state == "scheduled",
        Meeting.scheduled_at >= bindparam("start", type_=Meeting.scheduled_at.type),
        Meeting.scheduled_at <= bindparam("end", type_=Meeting.scheduled_at.type)))
    return hook, window, probe


def _meeting_prep(session: Session, actor: Actor, seat_ids: list[str], now) -> list[dict]:
    """Asked only when `_state`'s probe found a meeting in its prep window (or there is no probe)."""
    found = _prep_hook()
    if not found or not seat_ids:
        return []
    return list(found[0](session, actor, seat_ids))


def _unread(org_id, kind, recipient_id):
    return and_(InboxItem.org_id == org_id, InboxItem.recipient_kind == kind,
                InboxItem.recipient_id == recipient_id, InboxItem.read_at.is_(None))


_UNREAD_COUNT = select(func.count()).select_from(InboxItem).where(
    _unread(bindparam("org_id"), bindparam("kind"), bindparam("actor_id")))
_UNREAD_COUNT_PREPARED = Prepared(_UNREAD_COUNT)
_INBOX = Prepared(select(InboxItem.id, InboxItem.kind, InboxItem.title, InboxItem.created_at, InboxItem.link_type,
                 InboxItem.link_id)
          .where(_unread(bindparam("org_id"), bindparam("kind"), bindparam("actor_id")))
          .order_by(InboxItem.created_at.desc(), InboxItem.id.desc()).limit(INBOX_ITEMS))


def _who(actor: Actor) -> dict:
    return {"org_id": actor.org_id, "kind": actor.kind, "actor_id": actor.id}


def unread_count(session: Session, actor: Actor) -> int:
    return session.execute(_UNREAD_COUNT, _who(actor)).scalar_one()  # autoflush: marks made just before count


def _inbox(conn, actor: Actor) -> dict:
    rows = _INBOX.all(conn, _who(actor))
    # The count costs a query only when there are more unread items than the page shows.
    unread = len(rows) if len(rows) < INBOX_ITEMS else _UNREAD_COUNT_PREPARED.one(conn, _who(actor))[0]
    return {"unread": unread, "items": [{"id": i, "kind": k, "title": t, "created_at": iso(c),
                                         "link": {"type": lt, "id": li} if lt else None}
                                        for i, k, t, c, lt, li in rows]}
