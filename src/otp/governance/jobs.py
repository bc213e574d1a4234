"""Worker tasks of the governance runtime. Each selects candidate rows, then handles each in a
transaction of its own that claims it with a conditional UPDATE (hop counter / state / due
time): two workers may see the same candidates, only one claim wins.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from otp.core.db import Database
from otp.core.jobs import periodic
from otp.events.models import Event
from otp.governance import gate
from otp.governance.models import (OPEN_APPROVAL_STATES, AgentGuard, AllowCount, ApprovalRequest, Escalation,
                                   LedgerEntry)
from otp.org.models import Agent, Organization, Seat

BATCH = 500


def _each(db: Database, ids: list, fn) -> int:
    done = 0
    for row_id in ids:
        with db.write() as s:
            if fn(s, row_id):
                done += 1
    return done


@periodic("governance.approval_deadlines")
def approval_deadlines(db: Database, now: datetime) -> int:
    from otp.governance.approvals import advance_overdue
    with db.read() as s:
        ids = list(s.execute(select(ApprovalRequest.id).where(
            ApprovalRequest.state.in_(OPEN_APPROVAL_STATES), ApprovalRequest.deadline <= now)
            .order_by(ApprovalRequest.deadline).limit(BATCH)).scalars())
    return _each(db, ids, lambda s, i: advance_overdue(s, i, now))


@periodic("governance.escalation_sla")
def escalation_sla(db: Database, now: datetime) -> int:
    from otp.governance.escalations import climb
    with db.read() as s:
        ids = list(s.execute(select(Escalation.id).where(
            Escalation.state == "open", Escalation.at_top.is_(False), Escalation.respond_by <= now)
            .order_by(Escalation.respond_by).limit(BATCH)).scalars())
    return _each(db, ids, lambda s, i: climb(s, i, now) == "climbed")


@periodic("governance.budget_checks")
def budget_checks(db: Database, now: datetime) -> int:
    """A sweep behind the inline check on every cost report (a lowered budget, a missed check).
    Each guard is claimed by moving its due time an hour on."""
    from otp.governance.guards import check_budget

    def one(s, agent_id) -> bool:
        guard = s.get(AgentGuard, agent_id)
        claimed = s.execute(update(AgentGuard).where(
            AgentGuard.agent_id == agent_id,
            (AgentGuard.budget_check_due.is_(None)) | (AgentGuard.budget_check_due <= now))
            .values(budget_check_due=now + timedelta(hours=1)).execution_options(synchronize_session=False)).rowcount
        if claimed != 1 or guard is None:
            return False
        agent = s.get(Agent, agent_id)
        if agent is None or not agent.monthly_budget_cents:
            return False
        check_budget(s, agent, now)
        return True
    with db.read() as s:
        ids = list(s.execute(select(AgentGuard.agent_id).join(Agent, Agent.id == AgentGuard.agent_id).where(
            Agent.monthly_budget_cents.is_not(None), Agent.status == "active",
            (AgentGuard.budget_check_due.is_(None)) | (AgentGuard.budget_check_due <= now)).limit(BATCH)).scalars())
    return _each(db, ids, one)


@periodic("governance.org_budget_checks")
def org_budget_checks(db: Database, now: datetime) -> int:
    """The organization cap's sweep (a cap lowered below this month's spend warns or stops
    without waiting for the next cost report). Organizations are few and the check warns and trips
    at most once a month (org_budget locks the organization row), so each running organization
    with a cap is simply checked."""
    from otp.governance import org_budget, settings

    def one(s, org_id) -> bool:
        if not settings.get(s, org_id, "org_monthly_budget_cents"):
            return False
        return org_budget.check_org_budget(s, org_id, now)["status"] != "ok"
    # Every running organization with a cap, read page by page (a first page alone would never
    # reach the organizations past it); only those take a write transaction.
    capped, after = [], ""
    while True:
        with db.read() as s:
            page = s.execute(select(Organization.id, Organization.settings)
                             .where(Organization.agents_paused_at.is_(None), Organization.id > after)
                             .order_by(Organization.id).limit(BATCH)).all()
        capped += [org_id for org_id, values in page if (values or {}).get("org_monthly_budget_cents")]
        if len(page) < BATCH:
            break
        after = page[-1][0]
    return _each(db, capped, one)


@periodic("governance.evidence_rejections")
def evidence_rejections(db: Database, now: datetime) -> int:
    """Evidence rejected twice on outcomes an agent's seat owns is an incident (one per pair)."""
    try:
        from otp.work.models import Outcome
    except ImportError:
        return 0
    from otp.governance.autonomy import record_incident
    from otp.governance.guards import guard_of
    rejected = (select(Seat.occupant_agent_id.label("agent_id"), func.count(Event.id).label("n"))
                .join(Outcome, Outcome.owner_seat_id == Seat.id)
                .join(Event, (Event.entity_type == "outcome") & (Event.entity_id == Outcome.id)
                      & (Event.action == "outcome.evidence_rejected"))
                .where(Seat.occupant_agent_id.is_not(None)).group_by(Seat.occupant_agent_id))
    with db.read() as s:
        counts = {a: n for a, n in s.execute(rejected).all()}
        seen = dict(s.execute(select(AgentGuard.agent_id, AgentGuard.evidence_rejections_seen)
                              .where(AgentGuard.agent_id.in_(list(counts)))).all())
    due = [a for a, n in counts.items() if n // 2 > seen.get(a, 0) // 2]

    def one(s, agent_id) -> bool:
        agent = s.get(Agent, agent_id)
        guard = guard_of(s, agent)
        old, new = guard.evidence_rejections_seen, counts[agent_id]
        claimed = s.execute(update(AgentGuard).where(AgentGuard.agent_id == agent_id,
                                                     AgentGuard.evidence_rejections_seen == old)
                            .values(evidence_rejections_seen=new).execution_options(synchronize_session=False)).rowcount
        if claimed != 1 or new // 2 <= old // 2:
            return False
        record_incident(s, agent.org_id, agent_id, "evidence_rejected", {"rejections": new})
        return True
    return _each(db, due, one)


@periodic("governance.promotion_proposals")
def promotion_proposals(db: Database, now: datetime) -> int:
    """The platform proposes a promotion when the evidence says an agent is eligible; the
    accountable human signs it by approving the request. Candidates are read cheaply first
    (active, below level 8, at the level for the organization's minimum days, no proposal open);
    the full eligibility report runs only for them. `propose_promotion` locks the agent row and
    re-checks for an open proposal, so two workers open one proposal, not two."""
    from otp.governance import settings
    from otp.governance.autonomy import propose_promotion
    since = (select(func.max(LedgerEntry.created_at)).where(LedgerEntry.agent_id == Agent.id,
                                                           LedgerEntry.to_level == Agent.level)
             .correlate(Agent).scalar_subquery())
    with db.read() as s:
        rows = s.execute(select(Agent.id, Agent.org_id, Agent.created_at, since).where(
            Agent.status == "active", Agent.level < 8).order_by(Agent.id).limit(BATCH * 10)).all()
        proposed = {(p or {}).get("agent_id") for p in s.execute(select(ApprovalRequest.payload).where(
            ApprovalRequest.requester_kind == "system", ApprovalRequest.action == "agent.level.change",
            ApprovalRequest.state.in_(OPEN_APPROVAL_STATES))).scalars()}
        min_days = {org: settings.get(s, org, "promotion")["min_days_at_level"] for org in {r[1] for r in rows}}
    due = [(org, agent_id) for agent_id, org, created, at in rows
           if agent_id not in proposed and now - (at or created) >= timedelta(days=min_days[org])]
    done = 0
    for org, agent_id in due:
        with db.write() as s:
            if propose_promotion(s, org, agent_id) is not None:
                done += 1
    return done


@periodic("governance.allow_counts")
def flush_allow_counts(db: Database, now: datetime) -> int:
    """Add this process's in-memory allow counts to the per-day table (an upsert, so two
    processes flushing the same day both land)."""
    url = str(db.engine.url)
    counts = gate.drain_counts(url)
    if not counts:
        return 0
    day = now.strftime("%Y-%m-%d")
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    try:
        with db.write() as s:
            known = set(s.execute(select(Organization.id).where(
                Organization.id.in_({org for org, _ in counts}))).scalars())
            for (org_id, action), n in sorted(counts.items()):
                if org_id not in known:
                    continue
                stmt = insert(AllowCount).values(org_id=org_id, action=action, day=day, count=n)
                s.execute(stmt.on_conflict_do_update(index_elements=["org_id", "action", "day"],
                                                     set_={"count": AllowCount.count + n}))
    except Exception:
        gate.restore_counts(url, counts)  # try again next tick rather than lose them
        raise
    return sum(counts.values())


@periodic("governance.silence")
def silence(db: Database, now: datetime) -> int:
    """Silent agents, missing measurable values and stale rocks, flagged once per episode
    (otp.governance.silence). Each kind runs in its own transaction; flags are claimed by their
    unique row, so two workers flag once."""
    from otp.governance import silence as sweep
    done = 0
    for check in (sweep.silent_agents, sweep.missing_values, sweep.stale_rocks):
        with db.write() as s:
            done += check(s, now, {})
    return done
