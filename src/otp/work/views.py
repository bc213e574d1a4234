"""ORM rows → response shapes. Shared by REST and the CLI's --json, so both say the same thing."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.core import clock
from otp.work.issues import top_ids
from otp.work.milestones import milestones_of
from otp.work.models import Evidence, Headline, Issue, Outcome, OutcomeStatusChange, Todo
from otp.work.schemas import (EvidenceOut, HeadlineOut, IssueOut, Linked, MilestoneOut, OutcomeOut, Ref,
                              StatusChangeOut, TodoOut)


def _ref(kind: str | None, id_: str | None) -> Ref | None:
    return Ref(kind=kind, id=id_) if kind else None


def _linked(kind: str | None, id_: str | None) -> Linked | None:
    return Linked(type=kind, id=id_) if kind else None


def outcome_views(session: Session, outcomes: list[Outcome]) -> list[OutcomeOut]:
    ids = [o.id for o in outcomes]
    milestones = milestones_of(session, ids)
    evidence: dict[str, list[Evidence]] = {i: [] for i in ids}
    if ids:
        for e in session.execute(select(Evidence).where(Evidence.outcome_id.in_(ids))
                                 .order_by(Evidence.created_at, Evidence.id)).scalars():
            evidence[e.outcome_id].append(e)
    return [OutcomeOut(
        id=o.id, title=o.title, definition_of_done=o.definition_of_done, kind=o.kind, quarter=o.quarter,
        due_date=o.due_date, owner_seat_id=o.owner_seat_id, reviewer_seat_id=o.reviewer_seat_id,
        parent_id=o.parent_id, measurable_id=o.measurable_id, target=o.target, status=o.status,
        status_note=o.status_note, context_links=list(o.context_links or []), guardrails=list(o.guardrails or []),
        milestones=[MilestoneOut(id=m.id, title=m.title, due=m.due, done=m.done, done_at=m.done_at)
                    for m in milestones[o.id]],
        evidence=[EvidenceOut(id=e.id, kind=e.kind, summary=e.summary, url=e.url, value=e.value,
                              submitted_by=Ref(kind=e.submitted_by_kind, id=e.submitted_by_id),
                              rejected=e.rejected_at is not None, created_at=e.created_at) for e in evidence[o.id]],
        done_at=o.done_at, created_at=o.created_at, updated_at=o.updated_at) for o in outcomes]


def outcome_view(session: Session, outcome: Outcome) -> OutcomeOut:
    session.flush()
    return outcome_views(session, [outcome])[0]


def change_view(c: OutcomeStatusChange) -> StatusChangeOut:
    return StatusChangeOut(id=c.id, from_status=c.from_status, to_status=c.to_status, note=c.note,
                           actor=Ref(kind=c.actor_kind, id=c.actor_id), changed_at=c.changed_at)


def issue_views(session: Session, org_id: str, issues: list[Issue]) -> list[IssueOut]:
    session.flush()
    top = top_ids(session, org_id)
    return [IssueOut(id=i.id, title=i.title, details=i.details, state=i.state, priority=i.priority,
                     top=i.id in top, owner_seat_id=i.owner_seat_id, raised_by=Ref(kind=i.raised_by_kind,
                                                                                   id=i.raised_by_id),
                     source=i.source, linked=_linked(i.linked_type, i.linked_id), solution=i.solution,
                     dedup_key=i.dedup_key, solved_at=i.solved_at, created_at=i.created_at) for i in issues]


def issue_view(session: Session, issue: Issue) -> IssueOut:
    return issue_views(session, issue.org_id, [issue])[0]


def todo_view(t: Todo) -> TodoOut:
    return TodoOut(id=t.id, title=t.title, owner_seat_id=t.owner_seat_id, due_at=t.due_at, source=t.source,
                   linked=_linked(t.linked_type, t.linked_id), created_by=Ref(kind=t.created_by_kind,
                                                                              id=t.created_by_id),
                   done=t.done_at is not None, done_at=t.done_at, done_by=_ref(t.done_by_kind, t.done_by_id),
                   verified=t.verified_at is not None, verified_at=t.verified_at,
                   verified_by=_ref(t.verified_by_kind, t.verified_by_id),
                   overdue=t.done_at is None and t.due_at < clock.now(), created_at=t.created_at)


def headline_view(h: Headline) -> HeadlineOut:
    return HeadlineOut(id=h.id, kind=h.kind, text=h.text, author=Ref(kind=h.author_kind, id=h.author_id),
                       meeting_id=h.meeting_id, created_at=h.created_at)
