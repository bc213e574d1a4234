"""Scorecard helpers: a seat to own numbers, measurables and reports in one line each."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from otp.auth.actor import system_actor
from otp.auth.tokens import person_actor
from otp.scorecard import entries, measurables
from otp.scorecard.models import Entry, EntryRevision, Measurable
from tests.helpers import OrgKit

MONDAY = date(2026, 1, 5)  # a Monday, for weekly periods that start on Monday


def seat(org: OrgKit) -> str:
    """A person-held root seat (created once per org)."""
    cached = getattr(org, "_score_seat", None)
    if cached is None:
        cached = org.root()["id"]
        org._score_seat = cached
    return cached


def actor(org: OrgKit):
    with org.db.read() as s:
        return person_actor(s, org.owner_id, org.org_id)


def measurable(org: OrgKit, title: str = "Leads", **kw) -> dict:
    body = {"title": title, "owner_seat_id": seat(org), "target": 10, **kw}
    return org.ok("POST", "/api/v1/measurables", body, status=201)


def create(org: OrgKit, title: str = "Leads", **kw) -> Measurable:
    """Through the service, for tests that do not care about HTTP."""
    # The seat may be made over HTTP, a write of the server's own thread: made before this thread
    # takes its turn to write, not while holding it (it would wait out the writer queue's timeout).
    owner_seat_id, by = seat(org), actor(org)
    with org.db.write() as s:
        return measurables.create_measurable(s, by, title=title, owner_seat_id=owner_seat_id,
                                             target=kw.pop("target", 10), **kw)


def report(org: OrgKit, m, value, period=None, **kw):
    m_id = m["id"] if isinstance(m, dict) else m.id
    by = kw.pop("as_actor", None) or actor(org)
    with org.db.write() as s:
        e = entries.report(s, by, measurable_id=m_id, value=value, period=period, **kw)
        return {"period": e.period_start, "value": e.value, "version": e.version, "source": e.source}


def weeks(org: OrgKit, m, values, start: date = MONDAY) -> None:
    """Report `values` for consecutive weeks from `start` (None skips a week)."""
    for i, v in enumerate(values):
        if v is not None:
            report(org, m, v, start + timedelta(weeks=i))


def value(org: OrgKit, m, period: date):
    m_id = m["id"] if isinstance(m, dict) else m.id
    with org.db.read() as s:
        return s.execute(select(Entry.value).where(Entry.measurable_id == m_id, Entry.period_start == period)
                         ).scalar_one_or_none()


def entry_rows(org: OrgKit) -> tuple[int, int]:
    """(entries, revisions) of this organization: to show nothing changed."""
    with org.db.read() as s:
        return (s.execute(select(func.count()).select_from(Entry).where(Entry.org_id == org.org_id)).scalar_one(),
                s.execute(select(func.count()).select_from(EntryRevision)
                          .where(EntryRevision.org_id == org.org_id)).scalar_one())


def system(org: OrgKit):
    return system_actor(org.org_id)


def drift_issues(org: OrgKit) -> list:
    from otp.work.models import Issue
    with org.db.read() as s:
        return list(s.execute(select(Issue).where(Issue.org_id == org.org_id, Issue.source == "drift")
                              .order_by(Issue.created_at)).scalars())


def set_drift_periods(org: OrgKit, n: int) -> None:
    org.ok("PATCH", f"/api/v1/organizations/{org.org_id}", {"settings": {"drift_periods": n}})
