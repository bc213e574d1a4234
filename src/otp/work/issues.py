"""Raising issues, their priority ranks, and reading the issues list.

An issue may carry a dedup key: one issue per key per organization, however often and however
concurrently it is raised. Drift callers encode the episode in the key
(`drift:measurable:<id>:<first_off_period>`, `drift:outcome:<id>:<status_change_id>`,
`stale:todo:<id>`), so the next episode raises a new issue.
"""
from __future__ import annotations

from sqlalchemy import func, select, tuple_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.governance.authz import require
from otp.commands import command
from otp.core import links, validate
from otp.core.errors import Invalid, NotFound
from otp.core.ids import new_id
from otp.events.service import record
from otp.inbox import mentions
from otp.work.common import id_like, limit_of, seat_in_org, serialize_org
from otp.work.models import ISSUE_SOURCES, ISSUE_STATES, Issue

ACTIVE_STATES = ("open", "identified", "discussed")
TOP = 3  # the top of the list stands out in the weekly meeting
MAX_DEDUP = 200


@command("issue.raise")
def raise_issue(session: Session, actor: Actor, *, title: str, owner_seat_id: str, details: str = "",
                source: str = "manual", linked_type: str | None = None, linked_id: str | None = None,
                dedup_key: str | None = None, priority: int | None = None) -> tuple[Issue, bool]:
    """Returns (issue, created). With a dedup key that already exists: (that issue, False), no event."""
    title = validate.text("title", title)
    details = validate.text("details", details, max_len=10_000, required=False)
    source = validate.choice("source", source, ISSUE_SOURCES)
    linked_type, linked_id = links.checked(session, actor.org_id, linked_type, linked_id)
    dedup_key = _optional("dedup_key", dedup_key, MAX_DEDUP)
    if priority is not None:
        priority = validate.integer("priority", priority, low=1, high=1_000_000)
    seat = seat_in_org(session, actor, owner_seat_id, "owner_seat_id")
    payload = {"title": title, "owner_seat_id": seat.id, "details": details, "source": source,
               "linked_type": linked_type, "linked_id": linked_id, "dedup_key": dedup_key, "priority": priority}
    require(session, actor, "issue.raise", {"type": "issue", "owner_seat_id": seat.id}, payload=payload)
    if dedup_key is not None:
        existing = by_dedup_key(session, actor.org_id, dedup_key)
        if existing is not None:
            return existing, False
    serialize_org(session, actor.org_id)
    if dedup_key is not None:  # again, now that any writer we waited for has committed
        existing = by_dedup_key(session, actor.org_id, dedup_key)
        if existing is not None:
            return existing, False
    issue = Issue(id=new_id("iss"), org_id=actor.org_id, title=title, details=details, state="open",
                  priority=_bottom_rank(session, actor.org_id), owner_seat_id=seat.id, raised_by_kind=actor.kind,
                  raised_by_id=actor.id, source=source, linked_type=linked_type, linked_id=linked_id,
                  dedup_key=dedup_key)
    try:
        # The unique constraint is the last word: a racing writer that got there first wins,
        # and this insert is undone alone, leaving the caller's transaction usable.
        with session.begin_nested():
            session.add(issue)
            session.flush()
    except IntegrityError:
        existing = by_dedup_key(session, actor.org_id, dedup_key) if dedup_key else None
        if existing is None:
            raise
        return existing, False
    if priority is not None:
        place(session, actor.org_id, issue, priority)
    record(session, actor, "issue.raised", "issue", issue.id, {**payload, "priority": issue.priority})
    mentions.notify(session, actor, [title, details], link_type="issue", link_id=issue.id, what=what(issue))
    return issue, True


def what(issue: Issue) -> str:
    """How a mention's inbox item names the issue."""
    return f'issue "{issue.title}"'


def by_dedup_key(session: Session, org_id: str, key: str) -> Issue | None:
    return session.execute(select(Issue).where(Issue.org_id == org_id, Issue.dedup_key == key)
                           .execution_options(populate_existing=True)).scalar_one_or_none()


def _optional(field: str, value, max_len: int) -> str | None:
    if value is None:
        return None
    return validate.text(field, value, max_len=max_len)


def get_issue(session: Session, actor: Actor, issue_id: str, *, lock: bool = False) -> Issue:
    q = select(Issue).where(Issue.id == issue_id, Issue.org_id == actor.org_id)
    if lock:
        q = q.with_for_update().execution_options(populate_existing=True)
    issue = session.execute(q).scalar_one_or_none() if id_like(issue_id) else None
    if issue is None:
        raise NotFound(f"no issue {issue_id!r} in this organization", field="issue_id")
    return issue


# --- ranks ------------------------------------------------------------------------------------
def active_issues(session: Session, org_id: str) -> list[Issue]:
    return list(session.execute(select(Issue).where(Issue.org_id == org_id, Issue.state.in_(ACTIVE_STATES))
                                .order_by(Issue.priority, Issue.id)).scalars())


def _bottom_rank(session: Session, org_id: str) -> int:
    top = session.execute(select(func.max(Issue.priority)).where(
        Issue.org_id == org_id, Issue.state.in_(ACTIVE_STATES))).scalar_one()
    return (top or 0) + 1


def place(session: Session, org_id: str, issue: Issue, position: int) -> list[str]:
    """Move an active issue to `position` (1 = top) and renumber the list 1..n.
    The caller holds serialize_org. Returns the new order of ids."""
    ordered = [i for i in active_issues(session, org_id) if i.id != issue.id]
    ordered.insert(min(max(position, 1), len(ordered) + 1) - 1, issue)
    for rank, row in enumerate(ordered, start=1):
        if row.priority != rank:
            row.priority = rank
    session.flush()
    return [i.id for i in ordered]


def top_ids(session: Session, org_id: str) -> set[str]:
    return set(session.execute(select(Issue.id).where(Issue.org_id == org_id, Issue.state.in_(ACTIVE_STATES))
                               .order_by(Issue.priority, Issue.id).limit(TOP)).scalars())


# --- reading ----------------------------------------------------------------------------------
def list_issues(session: Session, actor: Actor, *, state: str | None = None, owner_seat_id: str | None = None,
                source: str | None = None, cursor: str | None = None, limit: int = 50) -> tuple[list[Issue], str | None]:
    """Ordered by rank; the cursor is `<priority>.<id>` of the last row of the previous page."""
    q = select(Issue).where(Issue.org_id == actor.org_id)
    if state is not None:
        q = q.where(Issue.state == validate.choice("state", state, ISSUE_STATES))
    if owner_seat_id is not None:
        q = q.where(Issue.owner_seat_id == owner_seat_id)
    if source is not None:
        q = q.where(Issue.source == validate.choice("source", source, ISSUE_SOURCES))
    if cursor is not None:
        q = q.where(tuple_(Issue.priority, Issue.id) > _parse_cursor(cursor))
    limit = limit_of(limit)
    rows = list(session.execute(q.order_by(Issue.priority, Issue.id).limit(limit)).scalars())
    return rows, (f"{rows[-1].priority}.{rows[-1].id}" if len(rows) == limit else None)


def _parse_cursor(cursor: str) -> tuple[int, str]:
    rank, _, last_id = cursor.partition(".")
    if not rank.isdigit() or int(rank) > 2**31 - 1 or not last_id:
        raise Invalid("cursor must be the next_cursor of a previous page", field="cursor")
    return int(rank), last_id
