"""Headlines: short good (or notable) news about customers and employees, for the meeting."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.governance.authz import require
from otp.commands import command
from otp.core import links, validate
from otp.core.ids import new_id
from otp.events.service import record
from otp.inbox import mentions
from otp.work.common import limit_of
from otp.work.models import HEADLINE_KINDS, Headline


@command("headline.post")
def post_headline(session: Session, actor: Actor, *, kind: str, text: str, meeting_id: str | None = None) -> Headline:
    kind = validate.choice("kind", kind, HEADLINE_KINDS)
    text = validate.text("text", text, max_len=500)
    if meeting_id is not None:
        meeting_id = links.exists(session, actor.org_id, "meeting", validate.text("meeting_id", meeting_id, max_len=40),
                                  field="meeting_id")
    payload = {"kind": kind, "text": text, "meeting_id": meeting_id}
    require(session, actor, "headline.post", {"type": "headline"}, payload=payload)
    row = Headline(id=new_id("hl"), org_id=actor.org_id, kind=kind, text=text, author_kind=actor.kind,
                   author_id=actor.id, meeting_id=meeting_id)
    session.add(row)
    session.flush()
    record(session, actor, "headline.posted", "headline", row.id, payload)
    mentions.notify(session, actor, [text], link_type="headline", link_id=row.id, what=f"a {kind} headline")
    return row


def list_headlines(session: Session, actor: Actor, *, kind: str | None = None, meeting_id: str | None = None,
                   cursor: str | None = None, limit: int = 50) -> tuple[list[Headline], str | None]:
    """Newest first."""
    q = select(Headline).where(Headline.org_id == actor.org_id)
    if kind is not None:
        q = q.where(Headline.kind == validate.choice("kind", kind, HEADLINE_KINDS))
    if meeting_id is not None:
        q = q.where(Headline.meeting_id == meeting_id)
    if cursor is not None:
        q = q.where(Headline.id < cursor)
    limit = limit_of(limit)
    rows = list(session.execute(q.order_by(Headline.id.desc()).limit(limit)).scalars())
    return rows, (rows[-1].id if len(rows) == limit else None)
