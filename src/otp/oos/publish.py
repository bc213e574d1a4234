"""Publishing the draft: the privacy gate, freezing a numbered version, starting the next draft.

Publishing does not require a validation-clean document (the public example itself declares
counts its claims contradict); it requires that no *critical* privacy finding remains, because
a published OOS can be shared with the network and a leaked secret cannot be taken back.
"""
from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from otp import commands
from otp.auth.actor import Actor
from otp.governance.authz import require
from otp.core import clock
from otp.core.errors import Conflict, Invalid, NotFound
from otp.events.service import record
from otp.org.models import Membership, Person

from . import store
from .document import parse, render
from .models import OOSVersion
from .scan import ScanFinding, scan

MAX_LISTED = 20


def chart_names(session: Session, org_id: str) -> list[str]:
    """Names of the organization's people (everyone who can hold a seat on its chart)."""
    return list(session.execute(select(Person.name).join(Membership, Membership.person_id == Person.id)
                                .where(Membership.org_id == org_id)).scalars())


def critical_findings(session: Session, org_id: str, text: str) -> list[ScanFinding]:
    return [f for f in scan(text, chart_names(session, org_id)) if f.severity == "critical"]


def refusal(findings: list[ScanFinding]) -> Conflict:
    # Kinds and places only: the error must not repeat the secret it is refusing to publish.
    listed = "; ".join(f"line {f.line} col {f.column}: {f.kind} (replace with {f.replacement})"
                       for f in findings[:MAX_LISTED])
    more = f"; and {len(findings) - MAX_LISTED} more" if len(findings) > MAX_LISTED else ""
    return Conflict(f"publishing refused: {len(findings)} critical privacy finding(s) remain: {listed}{more}. "
                    "Edit the draft or redact it (POST /api/v1/oos/redact, otp oos redact) and publish again.",
                    field="draft", code="privacy_findings")


def _placed(findings: list[ScanFinding]) -> list[dict]:
    # Kinds and places only, never the matched text.
    return [{"line": f.line, "column": f.column, "kind": f.kind} for f in findings]


@commands.command("oos.publish")
def publish(session: Session, actor: Actor, *, acknowledge: bool = False) -> OOSVersion:
    """Freeze the draft as the next version and start a new draft from it. Critical findings block
    outright; high ones (names, emails) publish only with `acknowledge`, and the published event
    records who acknowledged which findings."""
    if not isinstance(acknowledge, bool):
        raise Invalid("acknowledge must be true or false", field="acknowledge")
    store.lock_org(session, actor.org_id)  # read the draft under the lock: two publishers serialize
    draft = store.get_draft(session, actor.org_id)
    if draft is None:
        raise NotFound("this organization has no OOS draft to publish: import or generate one", field="draft")
    found = scan(draft.text, chart_names(session, actor.org_id))
    critical = [f for f in found if f.severity == "critical"]
    if critical:
        raise refusal(critical)
    high = [f for f in found if f.severity == "high"]
    if high and not acknowledge:
        listed = "; ".join(f"line {f.line} col {f.column}: {f.kind}" for f in high[:MAX_LISTED])
        raise Conflict(f"publishing refused: {len(high)} high privacy finding(s) (names, emails) remain: {listed}. "
                       "Redact them, or publish with acknowledge=true (otp oos publish --acknowledge) to "
                       "publish them knowingly; the acknowledgement is recorded.",
                       field="acknowledge", code="privacy_findings")
    require(session, actor, "oos.publish", {"type": "oos", "id": draft.id}, payload={"acknowledge": acknowledge})
    previous = store.latest_published(session, actor.org_id)
    number = store.next_number(session, actor.org_id)
    parent = previous.number if previous else None
    doc = parse(draft.text)
    data = doc.frontmatter.data
    # The document names its own version; rewrite only those keys (and only when they differ).
    if data.get("version") != number:
        data["version"] = number
    if "parent_version" not in data or data["parent_version"] != parent:
        data["parent_version"] = parent
    text = render(doc)
    session.execute(update(OOSVersion).where(OOSVersion.org_id == actor.org_id, OOSVersion.current.is_(True))
                    .values(current=False))
    draft.state, draft.number, draft.parent_version, draft.current = "published", number, parent, True
    draft.published_at, draft.published_by = clock.now(), actor.ref()
    store.save_text(session, actor, draft, text, doc)
    session.flush()
    successor = store.new_draft(session, actor, text, number)
    record(session, actor, "oos.published", "oos", draft.id,
           {"version": number, "parent_version": parent, "claim_count": draft.claim_count,
            "tier": draft.tier, "next_draft_id": successor.id,
            **({"acknowledged": {"by": actor.ref(), "findings": _placed(high)}} if high else {})})
    return draft
