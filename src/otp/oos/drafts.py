"""Editing the organization's OOS draft: replace the text, add/edit/remove a claim, import a file,
generate from the live organization, redact privacy findings, fix the declared counts.

Every edit passes one action class, `oos.edit`, with payload {"op": ..., **arguments} (the exact
keyword arguments of that op's service), and one dispatcher `edit_draft` is registered for it, so
an edit held for approval (an `ask`) is replayed exactly as it was asked once it is approved.
The resource carries no owner seat: the draft belongs to the whole organization, so the matrix
gives `oos.edit` no seat scope (allowed from level 7, asked below it).
"""
from __future__ import annotations

import hashlib

import yaml

from sqlalchemy.orm import Session

from otp import commands
from otp.auth.actor import Actor
from otp.governance.authz import require
from otp.core.errors import Invalid, NotFound
from otp.events.service import record

from . import store
from .document import parse, render
from .instructions import from_instructions
from .jsonform import from_dict
from .model import CONFIDENCE_LEVELS, EVIDENCE_TYPES, STANDARD_SECTIONS, Claim
from .models import OOSVersion
from .scan import SEVERITY_RANK, redact, scan
from .text import blank, one_line
from .validate import fix

EDIT_ACTION = "oos.edit"
CLAIM_TEXT = ("rule", "why", "failure_mode", "scope", "provenance")
MAX_FIELD = 4000
FORMATS = ("md", "json", "instructions")


def _gate(session: Session, actor: Actor, op: str, draft_id: str | None, **args) -> None:
    require(session, actor, EDIT_ACTION, {"type": "oos", "id": draft_id}, payload={"op": op, **args})


def _summary(row: OOSVersion) -> dict:
    return {"claim_count": row.claim_count, "sha256": hashlib.sha256(row.text.encode()).hexdigest()}


def _store(session: Session, actor: Actor, text: str, doc=None) -> OOSVersion:
    """Replace the draft's text, creating the draft (after the latest published version) if needed."""
    draft = store.get_draft(session, actor.org_id)
    if draft is None:
        previous = store.latest_published(session, actor.org_id)
        return store.new_draft(session, actor, text, previous.number if previous else None)
    store.save_text(session, actor, draft, text, doc)
    return draft


def replace_draft(session: Session, actor: Actor, *, text: str | None = None, document: dict | None = None) -> OOSVersion:
    """New draft text, as Markdown (`text`) or the JSON form (`document`); exactly one."""
    if (text is None) == (document is None):
        raise Invalid("give exactly one of text (Markdown) or document (JSON form)", field="text")
    if document is not None:
        if not isinstance(document, dict):
            raise Invalid("document must be an OOS JSON object", field="document")
        try:
            text = render(from_dict(document))
        except (ValueError, TypeError, AttributeError, KeyError, yaml.YAMLError) as exc:
            raise Invalid(f"document: not an OOS JSON document ({exc})", field="document") from None
    doc = store.parse_text(text, "text" if document is None else "document", as_json=False)
    text = render(doc)
    store.lock_org(session, actor.org_id)
    draft = store.get_draft(session, actor.org_id)
    _gate(session, actor, "replace", draft.id if draft else None, text=text)
    if draft is not None and draft.text == text:
        return draft  # a no-op writes no event
    row = _store(session, actor, text, parse(text))
    record(session, actor, "oos.draft_replaced", "oos", row.id, _summary(row))
    return row


def import_document(session: Session, actor: Actor, *, text: str, format: str = "md",
                    source: str = "") -> OOSVersion:
    """An OOS file (format md or json) or agent instructions (format instructions: a CLAUDE.md or
    AGENTS.md) become the draft. Markdown is stored byte for byte."""
    if format not in FORMATS:
        raise Invalid(f"format must be one of: {', '.join(FORMATS)}", field="format")
    if not isinstance(source, str) or len(source) > 200:
        raise Invalid("source must be a file name of at most 200 characters", field="source")
    if format == "instructions":
        store.parse_text(text, "text")  # type and size checks only: any text is instructions
        from otp.org.models import Organization

        from .generate import pseudonym
        org = session.get(Organization, actor.org_id)
        stored = render(from_instructions(text, source=source or "CLAUDE.md", org_pseudonym=pseudonym(org)))
    elif format == "json":
        stored = render(store.parse_text(text, "text", as_json=True))
    else:
        store.parse_text(text, "text", as_json=False)
        stored = text
    store.lock_org(session, actor.org_id)
    draft = store.get_draft(session, actor.org_id)
    _gate(session, actor, "import", draft.id if draft else None, text=text, format=format, source=source)
    if draft is not None and draft.text == stored:
        return draft  # importing what the draft already says writes no event
    row = _store(session, actor, stored)
    record(session, actor, "oos.imported", "oos", row.id, {"format": format, "source": source, **_summary(row)})
    return row


def generate_draft(session: Session, actor: Actor) -> OOSVersion:
    from .generate import generate

    store.lock_org(session, actor.org_id)
    draft = store.get_draft(session, actor.org_id)
    _gate(session, actor, "generate", draft.id if draft else None)
    text = render(generate(session, actor.org_id))
    if draft is not None and draft.text == text:
        return draft  # generated exactly what the draft already says: no event
    row = _store(session, actor, text)
    record(session, actor, "oos.generated", "oos", row.id, _summary(row))
    return row


def _claim_fields(values: dict, *, partial: bool) -> dict:
    clean: dict = {}
    for key, value in values.items():
        if key == "section":
            if value not in STANDARD_SECTIONS:
                raise Invalid(f"section must be one of: {', '.join(STANDARD_SECTIONS)}", field="section")
            clean[key] = value
        elif key in ("confidence", "evidence"):
            allowed = CONFIDENCE_LEVELS if key == "confidence" else EVIDENCE_TYPES
            if not isinstance(value, str) or value.strip().upper() not in allowed:
                raise Invalid(f"{key} must be one of: {', '.join(allowed)}", field=key)
            clean[key] = value.strip().upper()
        elif key in CLAIM_TEXT:
            if value is None and key == "provenance":
                clean[key] = None
                continue
            if not isinstance(value, str) or len(value) > MAX_FIELD or (key != "provenance" and blank(value)):
                raise Invalid(f"{key} must be non-empty text of at most {MAX_FIELD} characters", field=key)
            clean[key] = one_line(value)
        else:
            raise Invalid(f"unknown or read-only claim field {key!r}", field=key)
    if not partial:
        missing = [k for k in ("section", "rule", "why", "failure_mode", "confidence", "evidence", "scope")
                   if k not in clean]
        if missing:
            raise Invalid(f"{missing[0]} is required", field=missing[0])
    return clean


def _draft_doc(session: Session, actor: Actor):
    """The draft and its document, read under the organization's OOS lock (no lost updates)."""
    store.lock_org(session, actor.org_id)
    draft = store.get_draft(session, actor.org_id)
    if draft is None:
        raise NotFound("this organization has no OOS draft yet: import or generate one", field="draft")
    return draft, parse(draft.text)


def add_claim(session: Session, actor: Actor, *, claim: dict) -> tuple[OOSVersion, str]:
    if not isinstance(claim, dict):
        raise Invalid("claim must be an object", field="claim")
    clean = _claim_fields(claim, partial=False)
    draft, doc = _draft_doc(session, actor)
    _gate(session, actor, "add_claim", draft.id, claim=claim)
    added = doc.add_claim(Claim(id="", **clean))
    fix(doc)
    store.save_text(session, actor, draft, render(doc))
    record(session, actor, "oos.claim_added", "oos", draft.id, {"claim_id": added.id, **clean})
    return draft, added.id


def edit_claim(session: Session, actor: Actor, *, claim_id: str, changes: dict) -> OOSVersion:
    if not isinstance(changes, dict) or not changes:
        raise Invalid("changes must name at least one claim field", field="changes")
    clean = _claim_fields(changes, partial=True)
    draft, doc = _draft_doc(session, actor)
    target = doc.claim(claim_id) if isinstance(claim_id, str) else None
    if target is None:
        raise NotFound(f"no claim {claim_id!r} in the draft", field="claim_id")
    _gate(session, actor, "edit_claim", draft.id, claim_id=claim_id, changes=changes)
    changed = {k: v for k, v in clean.items() if getattr(target, k) != v}
    if not changed:
        return draft  # a no-op writes no event
    for key, value in changed.items():
        setattr(target, key, value)
    if "section" in changed:  # move it next to its new section's claims
        doc.remove_claim(claim_id)
        doc.add_claim(target)
    fix(doc)
    store.save_text(session, actor, draft, render(doc))
    record(session, actor, "oos.claim_edited", "oos", draft.id, {"claim_id": claim_id, "changes": changed})
    return draft


def remove_claim(session: Session, actor: Actor, *, claim_id: str) -> OOSVersion:
    draft, doc = _draft_doc(session, actor)
    if not isinstance(claim_id, str) or doc.claim(claim_id) is None:
        raise NotFound(f"no claim {claim_id!r} in the draft", field="claim_id")
    _gate(session, actor, "remove_claim", draft.id, claim_id=claim_id)
    doc.remove_claim(claim_id)
    fix(doc)
    store.save_text(session, actor, draft, render(doc))
    record(session, actor, "oos.claim_removed", "oos", draft.id, {"claim_id": claim_id})
    return draft


def redact_draft(session: Session, actor: Actor, *, min_severity: str = "low") -> tuple[OOSVersion, int]:
    """Replace every finding at or above `min_severity` with its suggested placeholder."""
    if min_severity not in SEVERITY_RANK:
        raise Invalid(f"min_severity must be one of: {', '.join(SEVERITY_RANK)}", field="min_severity")
    from .publish import chart_names

    draft, _doc = _draft_doc(session, actor)
    findings = [f for f in scan(draft.text, chart_names(session, actor.org_id))
                if SEVERITY_RANK[f.severity] >= SEVERITY_RANK[min_severity]]
    _gate(session, actor, "redact", draft.id, min_severity=min_severity)
    if not findings:
        return draft, 0
    text = redact(draft.text, findings)
    doc = store.parse_text(text, "text", as_json=False)
    store.save_text(session, actor, draft, text, doc)
    record(session, actor, "oos.redacted", "oos", draft.id,
           {"min_severity": min_severity, "redacted": len(findings), "kinds": sorted({f.kind for f in findings})})
    return draft, len(findings)


def fix_draft(session: Session, actor: Actor) -> tuple[OOSVersion, list[str]]:
    """Recompute the draft's declared counts (claim_count, both distributions, word_count) from
    its claims, rewriting only those frontmatter keys; returns the draft and what changed."""
    draft, doc = _draft_doc(session, actor)
    _gate(session, actor, "fix", draft.id)
    changes = fix(doc)
    if not changes:
        return draft, []  # already consistent: no event
    store.save_text(session, actor, draft, render(doc), doc)
    record(session, actor, "oos.draft_fixed", "oos", draft.id, {"changes": changes, **_summary(draft)})
    return draft, changes


OPS = {"replace": replace_draft, "import": import_document, "generate": generate_draft, "add_claim": add_claim,
       "edit_claim": edit_claim, "remove_claim": remove_claim, "redact": redact_draft, "fix": fix_draft}


@commands.command(EDIT_ACTION)
def edit_draft(session: Session, actor: Actor, *, op: str, **args):
    """The one entry point for a held draft edit: payload {"op": ..., **arguments}."""
    if op not in OPS:
        raise Invalid(f"op must be one of: {', '.join(OPS)}", field="op")
    return OPS[op](session, actor, **args)
