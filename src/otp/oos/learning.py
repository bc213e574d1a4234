"""The learning loop: what failed, what to do instead, and why, becomes a claim in the draft.

A learning is stored in its own row (so regenerating or replacing the draft never loses it) and
appended to the draft as a claim with provenance: who captured it, when, about which agent. The
same learning captured again is recognised by its fingerprint: its claim's evidence is raised
from OBSERVED_ONCE to OBSERVED_REPEATEDLY instead of adding a duplicate.
"""
from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp import commands
from otp.auth.actor import Actor
from otp.governance.authz import require
from otp.core import clock
from otp.core.errors import Invalid, NotFound
from otp.core.ids import new_id
from otp.core.types import iso
from otp.events.service import record
from otp.org.models import Agent

from . import store
from .document import parse, render
from .model import CONFIDENCE_LEVELS, STANDARD_SECTIONS, Claim
from .models import OOSLearning
from .text import blank, one_line
from .validate import fix

MAX_TEXT = 4000
NO_FAILURE = "No failure observed yet; captured as a working heuristic."


def _text(field: str, value, *, required: bool) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise Invalid(f"{field} must be text of at most {MAX_TEXT} characters", field=field)
    if required and blank(value):
        raise Invalid(f"{field} must not be empty", field=field)
    return one_line(value)


def learning_claim(row: OOSLearning, agent_name: str | None) -> Claim:
    by = row.captured_by or {}
    # A person is named by id, never by name: the OOS is meant to be published, and an id stays
    # traceable inside the organization without putting a human's name into a shared document.
    kind = by.get("kind", "someone")
    who = by.get("id") if kind == "person" else (by.get("name") or by.get("id"))
    provenance = f"Learning {row.id} captured by {kind} {who or ''}".rstrip()
    provenance += f" on {iso(row.first_captured_at)[:16]}Z"
    if row.agent_id:
        provenance += f" about agent {agent_name or row.agent_id} ({row.agent_id})"
    if row.times_seen > 1:
        provenance += f"; seen {row.times_seen} times, last on {iso(row.last_captured_at)[:16]}Z"
    return Claim(id="", section=row.section, rule=row.do_instead, why=row.why,
                 failure_mode=row.what_failed or NO_FAILURE, confidence=row.confidence,
                 evidence="OBSERVED_REPEATEDLY" if row.times_seen > 1 else "OBSERVED_ONCE",
                 scope=f"Agent: {agent_name}" if agent_name else "Organization-wide", provenance=provenance)


@commands.command("learning.capture")
def capture_learning(session: Session, actor: Actor, *, what_failed: str | None, do_instead: str, why: str,
                     agent_id: str | None = None, section: str | None = None,
                     confidence: str | None = None) -> OOSLearning:
    """Append the learning to the draft (creating the draft if needed); returns the learning row,
    whose `claim_id` names its claim in the draft."""
    payload = {"what_failed": what_failed, "do_instead": do_instead, "why": why, "agent_id": agent_id,
               "section": section, "confidence": confidence}
    failed = _text("what_failed", what_failed, required=False)
    instead, reason = _text("do_instead", do_instead, required=True), _text("why", why, required=True)
    if section is not None and section not in STANDARD_SECTIONS:
        raise Invalid(f"section must be one of: {', '.join(STANDARD_SECTIONS)}", field="section")
    if confidence is not None and (not isinstance(confidence, str) or confidence.upper() not in CONFIDENCE_LEVELS):
        raise Invalid(f"confidence must be one of: {', '.join(CONFIDENCE_LEVELS)}", field="confidence")
    if agent_id is None and actor.is_agent:
        agent_id = actor.id  # an agent capturing a learning speaks about itself unless it says otherwise
    agent = None
    if agent_id is not None:
        agent = session.get(Agent, agent_id) if isinstance(agent_id, str) else None
        if agent is None or agent.org_id != actor.org_id:
            raise NotFound("no such agent in this organization", field="agent_id")
    require(session, actor, "learning.capture", {"type": "oos", "target_agent_id": agent_id}, payload=payload)
    store.lock_org(session, actor.org_id)
    fingerprint = hashlib.sha256(f"{failed.lower()}\n{instead.lower()}\n{agent_id or ''}".encode()).hexdigest()
    row = session.execute(select(OOSLearning).where(OOSLearning.org_id == actor.org_id,
                                                    OOSLearning.fingerprint == fingerprint)).scalar_one_or_none()
    now = clock.now()
    if row is None:
        row = OOSLearning(id=new_id("lrn"), org_id=actor.org_id, fingerprint=fingerprint, what_failed=failed,
                          do_instead=instead, why=reason, agent_id=agent_id,
                          section=section or ("failure_patterns" if failed else "operational_heuristics"),
                          confidence=(confidence or "MEDIUM").upper(), times_seen=1, captured_by=actor.ref(),
                          first_captured_at=now, last_captured_at=now)
        session.add(row)
    else:
        row.times_seen += 1
        row.last_captured_at = now
        if confidence:
            row.confidence = confidence.upper()
    draft = store.get_draft(session, actor.org_id)
    if draft is None:
        from .generate import skeleton
        previous = store.latest_published(session, actor.org_id)
        draft = store.new_draft(session, actor, skeleton(session, actor.org_id), previous.number if previous else None)
    doc = parse(draft.text)
    claim = learning_claim(row, agent.name if agent else None)
    # Its claim is found by the provenance naming this learning, not only by the remembered id:
    # `oos generate` renumbers the claims, and a repeat must strengthen the generated claim, not
    # append a duplicate of it.
    mine = f"Learning {row.id} "
    existing = doc.claim(row.claim_id) if row.claim_id else None
    if existing is None or mine not in (existing.provenance or ""):
        existing = next((c for c in doc.claims if (c.provenance or "").startswith(mine)), None)
    if existing is not None:
        row.claim_id = existing.id
        for attr in ("evidence", "confidence", "provenance", "why"):
            setattr(existing, attr, getattr(claim, attr))  # the operator's wording of the rule stays
    else:
        row.claim_id = doc.add_claim(claim).id
    fix(doc)
    store.save_text(session, actor, draft, render(doc), doc)
    session.flush()
    record(session, actor, "oos.learning_captured", "oos_learning", row.id,
           {"claim_id": row.claim_id, "section": row.section, "times_seen": row.times_seen, "agent_id": agent_id,
            "what_failed": failed, "do_instead": instead, "why": reason, "confidence": row.confidence,
            "draft_id": draft.id})
    return row
