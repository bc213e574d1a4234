"""Silence and staleness: what stops moving is flagged, once per episode, to whoever holds the
seat (agent or person) and to the nearest human above it. Nothing here pauses anyone.

- A silent agent: active, with open work, and no heartbeat for settings["silence_heartbeat_hours"]
  (since its last heartbeat, or since it was created). The episode is that last heartbeat: the
  next heartbeat ends it, and a new silence is a new episode.
- A missing value: a measurable (not archived, not computed) with no value for a period one
  whole period after that period ended — this week's sweep flags the week before last. The
  episode is the period.
- A stale rock: a rock (not done or dropped) whose status has not been set for
  settings["stale_rock_hours"] gets an inbox nudge; after twice as long, an issue on the owner's
  seat. The episode is the last status change.

Each flag is claimed by inserting its GovernanceFlag row (unique per kind, subject, episode and
stage), so two workers flag once. Every threshold is hours and may be a fraction (down to
seconds), so a rehearsal can compress weeks into minutes.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from otp.auth.actor import system_actor
from otp.core.ids import new_id
from otp.governance import routing, settings
from otp.governance.models import AgentGuard, GovernanceFlag
from otp.inbox.service import deliver
from otp.org.models import Agent, Seat

BATCH = 500


def flag_once(session: Session, org_id: str, kind: str, subject_id: str, episode: str, stage: int = 1,
              now: datetime | None = None) -> bool:
    """Claim the flag; False when it was raised before (by this or another worker)."""
    try:
        with session.begin_nested():
            session.add(GovernanceFlag(id=new_id("flg"), org_id=org_id, kind=kind, subject_id=subject_id,
                                       episode=episode[:64], stage=stage, created_at=now))
            session.flush()
    except IntegrityError:
        return False
    return True


def tell_seat(session: Session, org_id: str, seat_id: str, title: str, body: str, link_type: str,
              link_id: str) -> list[tuple[str, str]]:
    """An inbox warning to the seat's holder and to the nearest human above it; who was told."""
    seat = session.get(Seat, seat_id)
    told: list[tuple[str, str]] = []
    if seat is not None and seat.occupant_agent_id:
        told.append(("agent", seat.occupant_agent_id))
    elif seat is not None and seat.occupant_person_id:
        told.append(("person", seat.occupant_person_id))
    above = routing.human_above(session, org_id, seat_id)
    if above is not None and ("person", above[1]) not in told:
        told.append(("person", above[1]))
    for kind, recipient in told:
        deliver(session, org_id, kind, recipient, "warning", title, body, link_type, link_id)
    return told


def _hours(session: Session, cache: dict, org_id: str, key: str) -> float:
    if (org_id, key) not in cache:
        cache[(org_id, key)] = settings.get(session, org_id, key)
    return cache[(org_id, key)]


# --------------------------------------------------------------------------- silent agents
def silent_agents(session: Session, now: datetime, cache: dict) -> int:
    from otp.governance.guards import has_open_work
    rows = session.execute(select(Agent, AgentGuard.last_heartbeat_at)
                           .join(Seat, Seat.occupant_agent_id == Agent.id)
                           .outerjoin(AgentGuard, AgentGuard.agent_id == Agent.id)
                           .where(Agent.status == "active").distinct().limit(BATCH)).all()
    flagged = 0
    for agent, last in rows:
        since = last or agent.created_at
        hours = _hours(session, cache, agent.org_id, "silence_heartbeat_hours")
        if now - since < timedelta(hours=hours) or not has_open_work(session, agent):
            continue
        episode = "never" if last is None else last.isoformat()
        if not flag_once(session, agent.org_id, "silent_agent", agent.id, episode, now=now):
            continue
        seat = routing.seat_of(session, "agent", agent.id)
        tell_seat(session, agent.org_id, seat, f"{agent.name} has gone silent",
                  f"No heartbeat since {since:%Y-%m-%d %H:%M} UTC while it has open work.", "agent", agent.id)
        flagged += 1
    return flagged


# --------------------------------------------------------------------------- missing values
def missing_values(session: Session, now: datetime, cache: dict) -> int:
    try:
        from otp.scorecard import periods
        from otp.scorecard.models import Entry, Measurable
    except ImportError:
        return 0
    from otp.org.models import Organization
    rows = session.execute(select(Measurable, Organization.timezone, Organization.week_start)
                           .join(Organization, Organization.id == Measurable.org_id)
                           .where(Measurable.archived_at.is_(None), Measurable.formula.is_(None),
                                  Measurable.owner_seat_id.is_not(None)).limit(BATCH * 4)).all()
    flagged = 0
    for m, tz, week_start in rows:
        current = periods.period_of(now, m.cadence, tz, week_start)
        due = periods.shift(current, m.cadence, -2)  # ended a whole period ago
        if periods.local_date(m.created_at, tz) >= periods.shift(current, m.cadence, -1):
            continue  # it did not exist during that period
        has = session.execute(select(Entry.id).where(Entry.measurable_id == m.id, Entry.period_start == due,
                                                     Entry.value.is_not(None))).first()
        if has or not flag_once(session, m.org_id, "missing_value", m.id, due.isoformat(), now=now):
            continue
        tell_seat(session, m.org_id, m.owner_seat_id, f"No value for {m.title} ({due.isoformat()})",
                  f"The {m.cadence} value for the period starting {due.isoformat()} was due a period ago.",
                  "measurable", m.id)
        flagged += 1
    return flagged


# --------------------------------------------------------------------------- stale rocks
def stale_rocks(session: Session, now: datetime, cache: dict) -> int:
    try:
        from otp.work.models import Outcome, OutcomeStatusChange
    except ImportError:
        return 0
    from otp.work.issues import raise_issue
    last_change = (select(func.max(OutcomeStatusChange.changed_at))
                   .where(OutcomeStatusChange.outcome_id == Outcome.id).correlate(Outcome).scalar_subquery())
    rows = session.execute(select(Outcome, last_change).where(
        Outcome.kind == "rock", Outcome.status.not_in(("done", "dropped"))).limit(BATCH * 4)).all()
    flagged = 0
    for rock, changed in rows:
        since = changed or rock.created_at
        hours = _hours(session, cache, rock.org_id, "stale_rock_hours")
        age = now - since
        episode = since.isoformat()
        if age >= timedelta(hours=hours) and flag_once(session, rock.org_id, "stale_rock", rock.id, episode, 1,
                                                       now=now):
            tell_seat(session, rock.org_id, rock.owner_seat_id, f"Rock not updated: {rock.title}",
                      f"Its status was last set {since:%Y-%m-%d %H:%M} UTC. Is it on track?", "outcome", rock.id)
            flagged += 1
        if age >= timedelta(hours=2 * hours) and flag_once(session, rock.org_id, "stale_rock", rock.id, episode, 2,
                                                           now=now):
            raise_issue(session, system_actor(rock.org_id), title=f"Stale rock: {rock.title}"[:200],
                        owner_seat_id=rock.owner_seat_id, source="drift",  # staleness is drift in time
                        details=f"The rock's status has not been updated since {since:%Y-%m-%d %H:%M} UTC.",
                        linked_type="outcome", linked_id=rock.id, dedup_key=f"stale:rock:{rock.id}:{episode}"[:200])
            flagged += 1
    return flagged

