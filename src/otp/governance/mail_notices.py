"""Mail that governance sends: an approval waits for someone, an escalation reached someone.

Each is queued in the transaction that routed it (the outbox row commits with its cause) and
carries a dedup key per hop, so re-routing mails the new approver once and a replayed hop mails
nobody twice. The mail domain sends them; a person may opt out of each kind."""
from __future__ import annotations

from sqlalchemy.orm import Session

from otp.governance.models import ApprovalRequest, Escalation
from otp.governance.question import line as question_line
from otp.mail.links import public_link
from otp.mail.outbox import queue_mail
from otp.org.models import Organization, Person


def approval_waiting(session: Session, request: ApprovalRequest) -> str | None:
    person = session.get(Person, request.approver_person_id) if request.approver_person_id else None
    if person is None:
        return None
    org = session.get(Organization, request.org_id)
    link = public_link(f"/approvals#{request.id}")
    question = question_line(session, request)  # the whole question, as the approvals page puts it
    lines = [question, "",
             f"Action: {request.action} ({'reversible' if request.reversible else 'not reversible'})",
             f"Recommended: {request.recommended}",
             f"Answer by: {request.deadline:%Y-%m-%d %H:%M} UTC", "",
             f"Answer it here: {link}"]
    return queue_mail(session, org_id=request.org_id, to=person.email, person_id=person.id, kind="approval_waiting",
                      subject=f"[{org.name}] An approval waits for you: {_line(question)}",
                      text="\n".join(lines) + _footer(), dedup_key=f"approval:{request.id}:{request.hops}")


def escalation_reached(session: Session, esc: Escalation, *, climbed: bool) -> str | None:
    person = session.get(Person, esc.holder_person_id) if esc.holder_person_id else None
    if person is None:
        return None
    org = session.get(Organization, esc.org_id)
    link = public_link(f"/escalations#{esc.id}")
    what = "climbed to you" if climbed else "was raised to you"
    lines = [f"An escalation ({esc.urgency}) {what}:", "", esc.reason]
    if esc.needed:
        lines += ["", f"Needed: {esc.needed}"]
    lines += ["", f"Respond by: {esc.respond_by:%Y-%m-%d %H:%M} UTC", "", f"See it here: {link}"]
    return queue_mail(session, org_id=esc.org_id, to=person.email, person_id=person.id,
                      kind="escalation_climbed" if climbed else "escalation_raised",
                      subject=f"[{org.name}] An escalation {what}: {_line(esc.reason)}",
                      text="\n".join(lines) + _footer(), dedup_key=f"escalation:{esc.id}:{esc.hops}")


def _line(text: str, limit: int = 120) -> str:
    """One line of a subject: the first line, shortened."""
    first = " ".join((text or "").split())
    return first if len(first) <= limit else first[:limit - 1] + "…"


def _footer() -> str:
    return f"\n\n--\nChoose which mail you get: {public_link('/me/mail')}\n"
