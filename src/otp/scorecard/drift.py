"""Drift: a measurable off target for N consecutive periods raises an issue by itself.

An *episode* is the run of reported values after the measurable's last on-target value: all
of them are off target by definition. Periods with no value (not reported, or a formula with a
null input) neither extend nor end an episode — forgetting to report must not reset the count.
When the episode holds N values (organization setting `drift_periods`, default 2) an issue is
raised with dedup key ``drift:measurable:<id>:<first off period>``: the key is the same however
often the check runs, so the issue is raised once per episode. An on-target value ends the
episode; the next off-target run has a new first period, hence a new key and a new issue.

On/off is judged against the measurable's current target. Checks lock the measurable's row so
concurrent checkers of one measurable take turns; the dedup key (unique per organization in the
issues table) is the final guard.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from otp.auth.actor import system_actor
from otp.org.models import Organization
from otp.scorecard.models import Entry, Measurable
from otp.scorecard.stats import EPSILON

DEFAULT_DRIFT_PERIODS = 2


def drift_periods(org: Organization) -> int:
    value = (org.settings or {}).get("drift_periods", DEFAULT_DRIFT_PERIODS)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 1 else DEFAULT_DRIFT_PERIODS


def on_target_sql(m=Measurable, value=Entry.value):
    """The on/off rule of stats.on_target as SQL, for set-based checks."""
    tolerance = EPSILON * case((func.abs(m.target) > 1, func.abs(m.target)), else_=1.0)
    return or_(and_(m.comparator == ">=", value >= m.target),
               and_(m.comparator == "<=", value <= m.target),
               and_(m.comparator == "==", func.abs(value - m.target) <= tolerance),
               and_(m.comparator == "between", value >= m.target, value <= m.target_max))


def episodes(session: Session, org_id: str, measurable_id: str | None = None, minimum: int = 1):
    """(measurable_id, first off period, count) of each current episode with >= minimum values."""
    last_on = (select(Entry.measurable_id, func.max(Entry.period_start).label("p"))
               .join(Measurable, Measurable.id == Entry.measurable_id)
               .where(Entry.org_id == org_id, Entry.value.is_not(None), on_target_sql()))
    off = (select(Entry.measurable_id, func.min(Entry.period_start), func.count())
           .join(Measurable, Measurable.id == Entry.measurable_id)
           .where(Entry.org_id == org_id, Measurable.archived_at.is_(None), Entry.value.is_not(None)))
    if measurable_id is not None:
        last_on = last_on.where(Entry.measurable_id == measurable_id)
        off = off.where(Entry.measurable_id == measurable_id)
    last_on = last_on.group_by(Entry.measurable_id).subquery()
    off = (off.outerjoin(last_on, last_on.c.measurable_id == Entry.measurable_id)
           .where(or_(last_on.c.p.is_(None), Entry.period_start > last_on.c.p))
           .group_by(Entry.measurable_id).having(func.count() >= minimum))
    return [(m_id, first, count) for m_id, first, count in session.execute(off)]


def check(session: Session, measurable_id: str, locked: Measurable | None = None) -> bool:
    """Raise the drift issue of the current episode if it is due. True if one was created now.
    `locked`: the measurable, when the caller already holds its row lock (report does)."""
    m = locked or session.execute(select(Measurable).where(Measurable.id == measurable_id).with_for_update()
                                  .execution_options(populate_existing=True)).scalar_one_or_none()
    if m is None or m.archived_at is not None or m.owner_seat_id is None:
        return False
    needed = drift_periods(session.get(Organization, m.org_id))
    first, count = current_episode(session, m)
    if count < needed:
        return False
    return _raise(session, m, _as_date(first), count)


def current_episode(session: Session, m: Measurable) -> tuple[date | None, int]:
    """(first off period, number of off values) after the last on-target value of one measurable.

    Two index walks over (measurable_id, period_start): backwards to the newest on-target value
    (usually the first row looked at), then forwards over the few values after it."""
    with_value = (Entry.measurable_id == m.id, Entry.value.is_not(None))
    run = session.connection().execute  # Core: entries are flushed already; skips ORM overhead
    last_on = run(select(Entry.period_start).where(*with_value, _on_target_literal(m))
                  .order_by(Entry.period_start.desc()).limit(1)).scalar()
    q = select(func.min(Entry.period_start), func.count()).where(*with_value)
    if last_on is not None:
        q = q.where(Entry.period_start > last_on)
    first, count = run(q).one()
    return first, count


def _on_target_literal(m: Measurable):
    """stats.on_target for one measurable, with its target as literals (lets the index drive)."""
    if m.comparator == ">=":
        return Entry.value >= m.target
    if m.comparator == "<=":
        return Entry.value <= m.target
    if m.comparator == "==":
        return func.abs(Entry.value - m.target) <= EPSILON * max(1.0, abs(m.target))
    return and_(Entry.value >= m.target, Entry.value <= m.target_max)


def _raise(session: Session, m: Measurable, first: date, count: int) -> bool:
    from otp.work.issues import raise_issue  # the issues domain; imported only when drift is due
    from otp.work.models import Issue

    dedup_key = f"drift:measurable:{m.id}:{first.isoformat()}"
    # Every report during an episode lands here; once its issue exists (the usual case), one
    # lookup on the unique (org_id, dedup_key) index answers. raise_issue re-checks under its lock.
    if session.connection().execute(select(Issue.id).where(Issue.org_id == m.org_id,
                                                           Issue.dedup_key == dedup_key)).first():
        return False
    target = f"{m.target:g}" + (f"–{m.target_max:g}" if m.comparator == "between" else "")
    period = "week" if m.cadence == "weekly" else "month"
    _, created = raise_issue(
        session, system_actor(m.org_id),
        title=f"{m.title} off target for {count} {period}s in a row"[:200],
        owner_seat_id=m.owner_seat_id,
        details=(f"Scorecard drift: {m.title} has been off target ({m.comparator} {target}{' ' + m.unit if m.unit else ''}) "
                 f"for {count} consecutive reported {period}s since the {period} of {first.isoformat()}."),
        source="drift", linked_type="measurable", linked_id=m.id,
        dedup_key=dedup_key)
    return created


def _as_date(value) -> date:
    # SQLite hands MIN() over a date column back as text.
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def check_org(session: Session, org_id: str) -> int:
    """Every measurable of one organization, set-based: one query finds the candidates."""
    org = session.get(Organization, org_id)
    created = 0
    for m_id, _, _ in episodes(session, org_id, minimum=drift_periods(org)):
        created += check(session, m_id)
    return created
