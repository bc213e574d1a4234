"""Milestones: the checkpoints on the way to an outcome."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.governance.authz import require
from otp.commands import command
from otp.core import clock, validate
from otp.core.errors import Conflict, Invalid, NotFound
from otp.core.ids import new_id
from otp.events.service import record
from otp.work.common import id_like, iso_date, parse_date
from otp.work.models import Milestone
from otp.work.outcomes import get_outcome, resource_of

MAX_MILESTONES = 50


@command("milestone.update")
def save_milestone(session: Session, actor: Actor, *, outcome_id: str, milestone_id: str | None = None,
                   title: str | None = None, due: str | date | None = None, done: bool | None = None) -> Milestone:
    """Without milestone_id: add one (title required). With it: change the given fields."""
    outcome = get_outcome(session, actor, outcome_id, lock=True)
    clean: dict = {}
    if title is not None or milestone_id is None:
        clean["title"] = validate.text("title", title)
    if due is not None:
        clean["due"] = parse_date("due", due)
    if done is not None:
        if not isinstance(done, bool):
            raise Invalid("done must be true or false", field="done")
        clean["done"] = done
    milestone = None
    if milestone_id is not None:
        milestone = session.get(Milestone, milestone_id) if id_like(milestone_id) else None
        if milestone is None or milestone.outcome_id != outcome.id:
            raise NotFound(f"no milestone {milestone_id!r} on this outcome", field="milestone_id")
        clean = {k: v for k, v in clean.items() if getattr(milestone, k) != v}
    else:
        count = session.execute(select(func.count()).select_from(Milestone)
                                .where(Milestone.outcome_id == outcome.id)).scalar_one()
        if count >= MAX_MILESTONES:
            raise Conflict(f"an outcome has at most {MAX_MILESTONES} milestones", field="milestone_id")
    payload = {"outcome_id": outcome.id, "milestone_id": milestone_id, "title": clean.get("title", title),
               "due": iso_date(clean.get("due")), "done": done}
    require(session, actor, "milestone.update", resource_of(outcome), payload=payload)
    if milestone is None:
        milestone = Milestone(id=new_id("ms"), org_id=actor.org_id, outcome_id=outcome.id,
                              title=clean["title"], due=clean.get("due"), done=bool(clean.get("done")),
                              done_at=clock.now() if clean.get("done") else None)
        session.add(milestone)
        session.flush()
        record(session, actor, "outcome.milestone_added", "outcome", outcome.id,
               {"milestone_id": milestone.id, "title": milestone.title, "due": iso_date(milestone.due),
                "done": milestone.done})
        return milestone
    if not clean:
        return milestone
    for key, value in clean.items():
        setattr(milestone, key, value)
    if "done" in clean:
        milestone.done_at = clock.now() if clean["done"] else None
    record(session, actor, "outcome.milestone_updated", "outcome", outcome.id,
           {"milestone_id": milestone.id, **{k: (iso_date(v) if isinstance(v, date) else v) for k, v in clean.items()}})
    return milestone


def milestones_of(session: Session, outcome_ids: list[str]) -> dict[str, list[Milestone]]:
    out: dict[str, list[Milestone]] = {i: [] for i in outcome_ids}
    if outcome_ids:
        for m in session.execute(select(Milestone).where(Milestone.outcome_id.in_(outcome_ids))
                                 .order_by(Milestone.due.is_(None), Milestone.due, Milestone.id)).scalars():
            out[m.outcome_id].append(m)
    return out
