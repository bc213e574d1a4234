"""The OOS of a live organization, generated from what the platform holds.

Frontmatter from the organization (a pseudonym unless it opts in to its real name), entities
from the chart (people appear as their seat, never by name), claims from the delegation levels,
the governance invariants and stored policy, the escalation settings, SOPs and captured
learnings — each with its evidence type and provenance. The result is a draft for the operator to review, not a published truth.
"""
from __future__ import annotations

import hashlib

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from otp.core import clock
from otp.core.errors import NotFound
from otp.core.types import iso
from otp.governance import settings as governance_settings
from otp.governance.catalog import DEFAULT_CATALOG
from otp.governance.matrix import AGENT_NEVER, ALWAYS_ASK, LEVEL_NAMES
from otp.org.chart_read import chart_rows
from otp.org.models import Agent, Membership, Organization
from otp.org.orgs import setting

from . import frontmatter as fm
from . import live_sources
from .document import parse, render, render_claim
from .model import ORG_SIZES, STANDARD_SECTIONS, Claim, OOSDocument
from .models import OOSLearning
from .store import latest_published
from .validate import fix

LADDER = {
    1: "read and draft proposals (every write is an approval request)",
    2: "report measurable values, post headlines and add notes",
    3: "create and complete its own to-dos and raise issues",
    4: "run its SOPs end to end and make reversible internal changes",
    5: "own scorecard numbers and update the outcomes it works on",
    6: "propose solutions, communicate on allow-listed channels and spend within the per-action limit",
    7: "own outcomes end to end and assign to-dos to the seats below it",
    8: "lead the agent seats below it, delegating outcomes and answering their asks within its authority",
}
TITLES = {s: s.replace("_", " ").title().replace("Ai", "AI") for s in STANDARD_SECTIONS}


def pseudonym(org: Organization) -> str:
    chosen = setting(org, "oos_pseudonym")
    if isinstance(chosen, str) and chosen.strip():
        return chosen.strip()[:200]
    if setting(org, "oos_use_real_name") is True:
        return org.name
    return "Organization " + hashlib.sha256(org.id.encode()).hexdigest()[:6].upper()


def _org_size(session: Session, org: Organization) -> str:
    chosen = setting(org, "org_size")
    if chosen in ORG_SIZES:
        return chosen
    people = session.execute(select(func.count()).select_from(Membership).where(Membership.org_id == org.id)).scalar()
    return next(size for limit, size in ((1, "solo"), (25, "small"), (250, "medium"), (2500, "large"),
                                         (10**12, "enterprise")) if people <= limit)


def _entities(seats: list[dict], agents: list[Agent]) -> list[dict]:
    by_id = {s["id"]: s for s in seats}

    def escalates_to(seat: dict) -> str | None:
        parent = by_id.get(seat["parent_id"])
        while parent is not None:
            if (parent["occupant"] or {}).get("kind") == "person":
                return parent["title"]
            parent = by_id.get(parent["parent_id"])
        return None

    out, seated = [], set()
    for seat in seats:
        occupant = seat["occupant"]
        if occupant is None:
            continue
        reports_to = by_id[seat["parent_id"]]["title"] if seat["parent_id"] in by_id else None
        if occupant["kind"] == "person":  # a person appears as the role they hold, never by name
            out.append({"name": seat["title"], "kind": "human", "role": seat["title"], "reports_to": reports_to})
        else:
            seated.add(occupant["id"])
            out.append({"name": occupant["name"], "kind": "agent", "role": seat["title"], "reports_to": reports_to,
                        "escalates_to": escalates_to(seat),
                        "authority": f"L{occupant['level']} {LEVEL_NAMES[occupant['level']]}"})
    for agent in agents:
        if agent.id not in seated:
            out.append({"name": agent.name, "kind": "agent", "role": None, "reports_to": None, "escalates_to": None,
                        "authority": f"L{agent.level} {LEVEL_NAMES[agent.level]}"})
    return out


def _claim(section: str, rule: str, why: str, failure: str, scope: str, provenance: str,
           confidence: str = "HIGH", evidence: str = "HUMAN_DEFINED_RULE") -> Claim:
    return Claim(id="", section=section, rule=rule, why=why, failure_mode=failure, confidence=confidence,
                 evidence=evidence, scope=scope, provenance=provenance)


def _describe(actions: list[str]) -> str:
    # Catalogue descriptions are sentences ("Create or revoke API tokens"); lower only the first letter.
    texts = (DEFAULT_CATALOG[a].description if a in DEFAULT_CATALOG else a for a in actions)
    return "; ".join(t[:1].lower() + t[1:] for t in texts)


def _authority_claims(entities: list[dict], stamp: str) -> list[Claim]:
    out = []
    for e in entities:
        if e["kind"] != "agent":
            continue
        level = int(e["authority"].split()[0][1:])
        seat = _the_seat(e["role"]) if e["role"] else "no seat yet"
        above = e["escalates_to"] or "a human with the authority"
        out.append(_claim(
            "agent_roles_and_authority",
            f"Agent {e['name']} ({seat}) works at delegation level {e['authority']}: without asking it may "
            f"{LADDER[level]}; anything beyond that is an approval request to {above}.",
            "Autonomy is earned in stages; the level is the authority the platform enforces, raised only on "
            "evidence with a human sign-off.",
            "An action above the level is held for approval; attempting a denied action is an incident that "
            "demotes the agent automatically.",
            f"Agent: {e['name']}", f"Generated by OTP from the chart and the agent's delegation level, {stamp}"))
    return out


def _boundary_claims(org: Organization, rules: list[dict] | None, stamp: str) -> list[Claim]:
    section, invariant = "human_ai_boundary_conditions", f"OTP governance invariant, {stamp}"
    out = [
        _claim(section, "An agent never approves its own request and never changes its own level, policy or budget.",
               "Whoever acts must not also be the one who allows it.",
               "An agent widens its own authority and nobody notices until the damage is done.",
               "All agents", invariant),
        _claim(section, f"Agents always ask a human before they {_describe(sorted(ALWAYS_ASK))}.",
               "These actions are high impact or hard to reverse, so a person answers for each one.",
               "An unreviewed structural change, spend or deploy that cannot be taken back.",
               "All agents, every level", f"Default delegation matrix of OTP, {stamp}"),
        _claim(section, f"Agents may never {_describe(sorted(AGENT_NEVER))}.",
               "These actions govern the agents themselves; only people hold them.",
               "An agent rewrites the rules that bind it.", "All agents, every level",
               f"Default delegation matrix of OTP, {stamp}"),
    ]
    if setting(org, "require_human_above_agents"):
        out.append(_claim(section, "Every agent-held seat has a human-held seat above it that answers for it; "
                          "the agent escalates to the nearest one.",
                          "Every piece of agent work has a person accountable for it.",
                          "Agent work nobody answers for; asks with no one to route to.",
                          "All agent seats", f"Organization setting require_human_above_agents, {stamp}"))
    for rule in rules or []:
        who = "Nobody, owners included," if rule["applies_to"] == "everyone" else "No agent"
        reason = rule["reason"] or "A hard-deny rule set by the organization."
        out.append(_claim(section, f"{who} may {_describe(rule['actions'])}, whatever its level or grants.", reason,
                          "The action is refused before it happens; an agent's attempt is an incident.",
                          "Everyone" if rule["applies_to"] == "everyone" else "All agents",
                          f"Hard-deny rule {rule['id'] or '(unnamed)'} in the organization's policy, {stamp}"))
    return out


def _the_seat(title: str) -> str:
    """'the Operations seat'; a title that already says seat is not doubled ('the Scribe seat')."""
    return f"the {title}" if title.lower().endswith(" seat") or title.lower() == "seat" else f"the {title} seat"


def _hours(value: float) -> str:
    return f"{value:g} hour" + ("" if value == 1 else "s")


def _coordination_claims(sops: list[dict] | None, seat_titles: dict[str, str], slas: tuple[float, dict],
                         stamp: str) -> list[Claim]:
    approval_hours, escalation_hours = slas
    by_urgency = ", ".join(f"{urgency} {_hours(escalation_hours[urgency])}"
                           for urgency in ("critical", "high", "normal", "low") if urgency in escalation_hours)
    out = [_claim("coordination_patterns",
                  "Approvals and escalations go to the nearest human seat above the requester that holds the "
                  f"authority. An approval unanswered for {_hours(approval_hours)} and an escalation unanswered "
                  f"past its respond-by time ({by_urgency}) climb one seat up the chart.",
                  "Decisions land with someone accountable, and nothing waits forever.",
                  "A request waits on a person who cannot decide it, and the work stalls unseen.",
                  "All seats", f"OTP escalation routing with the organization's settings approval_sla_hours and "
                               f"escalation_sla_hours, {stamp}")]
    for sop in sops or []:
        seat = seat_titles.get(sop["owner_seat_id"] or "", "")
        the_seat = _the_seat(seat) if seat else "the owning seat"
        steps = "; ".join(sop["steps"]) or "the written steps"
        when = f"When {sop['trigger'].rstrip('.')}, " if sop["trigger"] else ""
        version = f" v{sop['version']}" if sop["version"] else ""
        out.append(_claim("coordination_patterns", f"{when}{the_seat} runs the SOP \"{sop['title']}\": {steps}.",
                          sop["notes"] or f"A standard operating procedure owned by {the_seat}.",
                          "Skipping or improvising the procedure produces inconsistent work that nobody can review.",
                          f"Seat: {seat} and the seats below it (SOPs are inherited down the chart)",
                          f"SOP {sop['id']}{version}, {stamp}"))
    return out


def _learning_claims(session: Session, org_id: str) -> list[Claim]:
    from .learning import learning_claim  # learning imports store; keep the graph acyclic

    rows = session.execute(select(OOSLearning).where(OOSLearning.org_id == org_id)
                           .order_by(OOSLearning.first_captured_at, OOSLearning.id)).scalars()
    names = dict(session.execute(select(Agent.id, Agent.name).where(Agent.org_id == org_id)).all())
    return [learning_claim(row, names.get(row.agent_id)) for row in rows]


def generate(session: Session, org_id: str) -> OOSDocument:
    """A draft OOS for the organization as it is now. Reads only; stores nothing."""
    org = session.get(Organization, org_id)
    if org is None:
        raise NotFound("no such organization", field="org_id")
    sources = live_sources.Sources()
    stamp = iso(clock.now())[:10]
    seats = chart_rows(session, org_id)
    agents = list(session.execute(select(Agent).where(Agent.org_id == org_id, Agent.status != "retired")
                                  .order_by(Agent.name)).scalars())
    entities = _entities(seats, agents)
    titles = {s["id"]: s["title"] for s in seats}
    claims = [*_authority_claims(entities, stamp),
              *_boundary_claims(org, live_sources.hard_deny_rules(session, org_id, sources), stamp),
              *_coordination_claims(live_sources.sops(session, org_id, sources), titles,
                                    (governance_settings.get(session, org_id, "approval_sla_hours"),
                                     governance_settings.get(session, org_id, "escalation_sla_hours")), stamp),
              *_learning_claims(session, org_id)]
    data = {**frontmatter_data(session, org, agents), "entities": entities}
    doc = parse(f"---\n{fm.dump(data)}---\n" + _body(claims, sources.notes))
    fix(doc)
    return parse(render(doc))


def frontmatter_data(session: Session, org: Organization, agents: list[Agent] | None = None) -> dict:
    if agents is None:
        agents = list(session.execute(select(Agent).where(Agent.org_id == org.id, Agent.status != "retired")).scalars())
    previous = latest_published(session, org.id)
    return {"oos_version": "1.0", "org_pseudonym": pseudonym(org),
            "industry": str(setting(org, "industry") or "unspecified")[:100], "org_size": _org_size(session, org),
            "template": "org_chart", "agent_count": len(agents),
            "platforms": sorted({a.runtime for a in agents}), "generated_at": iso(clock.now())[:19] + "Z",
            "version": (previous.number + 1) if previous else 1,
            "parent_version": previous.number if previous else None,
            "word_count": 0, "claim_count": 0, "confidence_distribution": {}, "evidence_distribution": {}}


def skeleton(session: Session, org_id: str) -> str:
    """The text of a first, empty draft: the organization's frontmatter and a purpose."""
    org = session.get(Organization, org_id)
    doc = parse(f"---\n{fm.dump(frontmatter_data(session, org))}---\n" + _body([], []))
    fix(doc)
    return render(doc)


def _body(claims: list[Claim], notes: list[str]) -> str:
    parts = ["\n## Purpose\n\nThe operating system of this organization as OTP sees it: who holds which seat, "
             "what each agent may do on its own, where people decide, how work is coordinated and what the "
             "team has learned. Generated from the live platform; review every claim before publishing.\n"]
    number = 0
    for section in STANDARD_SECTIONS:
        mine = [c for c in claims if c.section == section]
        if not mine:
            continue
        parts.append(f"\n## {TITLES[section]}\n")
        for claim in mine:
            number += 1
            claim.id = f"C{number:03d}"
            parts.append("\n" + render_claim(claim))
    if notes:
        parts.append("\n## Generation Notes\n\n" + "".join(f"- {n}\n" for n in dict.fromkeys(notes)))
    return "".join(parts)
