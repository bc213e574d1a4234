"""Storage primitives shared by the OOS services: locking, finding versions, saving text with its
claim index and facets. No governance here: callers are services that already passed the gate,
or reads."""
from __future__ import annotations

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.core import clock
from otp.core.errors import Invalid, NotFound
from otp.core.ids import new_id
from otp.org.models import Organization

from .document import OOSParseError, parse
from .files import loads
from .jsonform import from_json
from .model import OOSDocument
from .models import OOSClaim, OOSVersion
from .score import score

MAX_TEXT = 2_000_000  # characters; a 15,000-word OOS is ~100 kB, so this is generous


def lock_org(session: Session, org_id: str) -> None:
    """Serialize OOS writers of one organization (PostgreSQL row lock; SQLite: BEGIN IMMEDIATE).
    Taken before the event chain lock, in the same order as chart changes, so no deadlock."""
    session.execute(select(Organization.id).where(Organization.id == org_id).with_for_update())


def parse_text(text: object, field: str = "text", as_json: bool | None = None) -> OOSDocument:
    """Markdown or the JSON form (as_json None: detected by a leading '{'); 422 naming the field
    if unreadable. An empty text is an empty draft, which validation then reports on."""
    if not isinstance(text, str):
        raise Invalid(f"{field} must be a string", field=field)
    if len(text) > MAX_TEXT:
        raise Invalid(f"{field} is longer than {MAX_TEXT} characters", field=field)
    try:
        if as_json is None:
            return loads(text)
        return from_json(text) if as_json else parse(text)
    except OOSParseError as exc:
        raise Invalid(f"{field}: {exc}", field=field) from None
    except (ValueError, TypeError, AttributeError) as exc:  # JSON form that is not an OOS document
        raise Invalid(f"{field}: not a readable OOS document ({exc})", field=field) from None


def document_of(version: OOSVersion) -> OOSDocument:
    return parse(version.text)


def get_draft(session: Session, org_id: str) -> OOSVersion | None:
    return session.execute(select(OOSVersion).where(OOSVersion.org_id == org_id, OOSVersion.state == "draft")
                           ).scalar_one_or_none()


def latest_published(session: Session, org_id: str) -> OOSVersion | None:
    return session.execute(select(OOSVersion).where(OOSVersion.org_id == org_id, OOSVersion.state == "published")
                           .order_by(OOSVersion.number.desc()).limit(1)).scalar_one_or_none()


def resolve(session: Session, org_id: str, version: str | int | None, field: str = "version") -> OOSVersion:
    """`None`/"draft" -> the draft; "latest" -> the newest published; a number -> that version."""
    if version is None or version == "draft":
        row = get_draft(session, org_id)
        if row is None:
            raise NotFound("this organization has no OOS draft yet: import or generate one", field=field)
        return row
    if version == "latest":
        row = latest_published(session, org_id)
        if row is None:
            raise NotFound("this organization has not published an OOS yet", field=field)
        return row
    number = _number(version, field)
    row = session.execute(select(OOSVersion).where(OOSVersion.org_id == org_id, OOSVersion.number == number)
                          ).scalar_one_or_none()
    if row is None:
        raise NotFound(f"no published OOS version {number}", field=field)
    return row


def _number(value: str | int, field: str) -> int:
    if isinstance(value, bool):
        raise Invalid(f"{field} must be draft, latest or a version number", field=field)
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit() and len(value) <= 9:
        return int(value)
    raise Invalid(f"{field} must be draft, latest or a version number (got {value!r})", field=field)


def versions(session: Session, org_id: str) -> list[OOSVersion]:
    """Published versions, newest first, then the draft."""
    rows = list(session.execute(select(OOSVersion).where(OOSVersion.org_id == org_id)).scalars())
    published = sorted((r for r in rows if r.state == "published"), key=lambda r: -(r.number or 0))
    return published + [r for r in rows if r.state == "draft"]


def next_number(session: Session, org_id: str) -> int:
    top = session.execute(select(func.max(OOSVersion.number)).where(OOSVersion.org_id == org_id)).scalar()
    return (top or 0) + 1


def new_draft(session: Session, actor: Actor, text: str, parent_version: int | None) -> OOSVersion:
    row = OOSVersion(id=new_id("oos"), org_id=actor.org_id, state="draft", number=None,
                     parent_version=parent_version, text="", updated_by=actor.ref())
    session.add(row)
    save_text(session, actor, row, text)
    return row


def save_text(session: Session, actor: Actor, row: OOSVersion, text: str, doc: OOSDocument | None = None) -> None:
    """Store the text and rebuild the claim index and facets from it, in one go."""
    doc = doc if doc is not None else parse(text)
    fm = doc.frontmatter
    quality = score(doc)
    row.text = text
    row.pseudonym = _cut(fm.org_pseudonym or "", 200)
    row.industry = _cut(fm.industry or "", 100)
    row.org_size = _cut(fm.org_size or "", 32)
    row.tier, row.score, row.claim_count = quality.tier, quality.score, len(doc.claims)
    row.updated_at, row.updated_by = clock.now(), actor.ref()
    session.flush()
    session.execute(delete(OOSClaim).where(OOSClaim.version_id == row.id))
    rows = [_claim_row(row, position, claim) for position, claim in enumerate(doc.claims)]
    if rows:
        session.execute(insert(OOSClaim), rows)


def _claim_row(version: OOSVersion, position: int, claim) -> dict:
    search = " ".join((claim.section, claim.rule, claim.why, claim.failure_mode, claim.scope)).lower()
    return {"version_id": version.id, "org_id": version.org_id, "position": position,
            "claim_id": _cut(claim.id, 64), "section": _cut(claim.section, 120), "rule": claim.rule,
            "why": claim.why, "failure_mode": claim.failure_mode,
            "confidence": _cut(claim.confidence.strip().upper(), 32),
            "evidence": _cut(claim.evidence.strip().upper(), 32), "scope": claim.scope,
            "provenance": claim.provenance, "search_text": search}


def _cut(value: str, length: int) -> str:
    return value[:length]
