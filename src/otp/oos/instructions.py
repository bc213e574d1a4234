"""Import plain agent instructions (CLAUDE.md, AGENTS.md) into a draft OOS document.

Heuristics, all visible in the result so the operator can review them:
* A rule is a bullet or numbered item, or a line that starts with an imperative word
  (Always, Never, Do, Don't, Use, Run, ...), outside code fences. Headings give context.
* Under a heading about agents/roles/team, `Name: role` / `**Name** - role` bullets are agents,
  not rules: they become frontmatter `entities` ({name, kind: agent, role}).
* Each rule becomes a claim: HUMAN_DEFINED_RULE, MEDIUM, scope "Organization-wide" unless the
  rule or its heading names an agent ("Agent: <name>"); section chosen by keyword score.
* Why/Failure mode are not in plain instructions: a "because ..." clause becomes the Why,
  otherwise both say plainly that the operator must fill them in. Provenance cites the line.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone

from .document import parse
from .model import STANDARD_SECTIONS, Claim, OOSDocument
from .validate import fix

TODO_WHY = "Stated as a rule in the agent instructions; the reason is not written down yet."
TODO_FAILURE = "Not stated in the source instructions; to be filled in by the operator."

SECTION_KEYWORDS: dict[str, tuple[str, ...]] = {
    "human_ai_boundary_conditions": ("approv", "human", "ask before", "ask the user", "confirm", "permission",
                                     "sign off", "sign-off", "founder", "without asking", "never deploy",
                                     "never push", "never delete", "never commit secrets"),
    "failure_patterns": ("fail", "broke", "mistake", "lesson", "incident", "regress", "bug", "went wrong", "avoid"),
    "agent_roles_and_authority": ("role", "responsib", "owns", "owner", "authority", "you are", "in charge", "delegate"),
    "coordination_patterns": ("hand off", "handoff", "hand-off", "coordinat", "notify", "message", "escalat",
                              "review", "pull request", "pr ", "commit", "branch", "sync", "report to"),
    "operational_heuristics": ("if ", "when ", "prefer", "threshold", "within", "before ", "after ", "usually"),
}
_IMPERATIVE = re.compile(
    r"^(?:always|never|do|don't|do not|use|run|avoid|prefer|keep|make|ensure|write|read|check|ask|"
    r"follow|add|update|include|test|verify|commit|create|put|leave|report|escalate|must|only|"
    r"before|after|when|if)\b", re.I)
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*\S)\s*$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_ENTITY = re.compile(r"^\*{0,2}`?([A-Z][\w .&-]{0,40}?)`?\*{0,2}\s*(?::|—|–| - )\s*(.+)$")
_AGENT_HEADING = re.compile(r"\b(agents?|roles?|team|subagents?|crew)\b", re.I)
_AGENT_NAME = re.compile(r"\b(?:the\s+)?([A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)\s+agent\b")


def _clean(text: str) -> str:
    text = re.sub(r"\*\*|__|`", "", text).strip()
    return text[0].upper() + text[1:] if text else text


def _section_for(text: str, heading: str, names_agent: bool) -> str:
    haystack = f" {text.lower()} {heading.lower()} "
    best, best_hits = "core_operating_rules", 0
    for section, words in SECTION_KEYWORDS.items():  # dict order breaks ties
        hits = sum(haystack.count(w) for w in words)
        if section == "agent_roles_and_authority" and names_agent:
            hits += 1  # a rule about a named agent is most likely about its role
        if hits > best_hits:
            best, best_hits = section, hits
    return best


def _scope_for(text: str, heading: str, agents: list[str]) -> str:
    for name in agents:
        if re.search(rf"\b{re.escape(name)}\b", text, re.I):
            return f"Agent: {name}"
    match = _AGENT_NAME.search(text) or _AGENT_NAME.search(heading)
    return f"Agent: {match.group(1)}" if match else "Organization-wide"


def extract(text: str, source: str = "CLAUDE.md") -> tuple[list[Claim], list[dict[str, str]]]:
    """Rules as claims (ids unassigned) and agent entities, from instruction text."""
    rules: list[tuple[int, str, str]] = []
    entities: list[dict[str, str]] = []
    heading, in_code = "", False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
            continue
        if in_code or not line.strip():
            continue
        head = _HEADING.match(line)
        if head:
            heading = head.group(2)
            continue
        bullet = _BULLET.match(line)
        item = bullet.group(1) if bullet else line.strip()
        if bullet and _AGENT_HEADING.search(heading):
            entity = _ENTITY.match(item)
            if entity:
                entities.append({"name": entity.group(1).strip(), "kind": "agent", "role": _clean(entity.group(2))})
                continue
        if bullet or _IMPERATIVE.match(item):
            if len(item.split()) >= 3:  # "- Tests" is a list label, not a rule
                rules.append((number, heading, item))
    names = [e["name"] for e in entities]
    claims = []
    for number, head, item in rules:
        rule = _clean(item)
        why = TODO_WHY
        because = re.search(r"\s*(?:,|;|—|-)?\s*\bbecause\b\s+(.*)$", rule, re.I)
        if because:
            why = _clean(because.group(1))
            rule = rule[:because.start()].rstrip(" ,;—-") + "."
        scope = _scope_for(item, head, names)
        claims.append(Claim(
            id="", section=_section_for(item, head, scope.startswith("Agent:")), rule=rule, why=why,
            failure_mode=TODO_FAILURE, confidence="MEDIUM", evidence="HUMAN_DEFINED_RULE", scope=scope,
            provenance=f"Imported from {source} line {number}" + (f" (section: {head})" if head else ""),
        ))
    return claims, entities


def from_instructions(text: str, source: str = "CLAUDE.md", org_pseudonym: str = "Unnamed organization",
                      generated_at: str | None = None) -> OOSDocument:
    """A draft OOS for review: frontmatter filled in, claims appended, counts computed."""
    claims, entities = extract(text, source)
    stamp = generated_at or datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    doc = parse(
        "\n## Purpose\n\n"
        f"Draft imported from {source}. Every claim is a human-defined rule at MEDIUM confidence "
        "until the operator reviews it, adds why it exists and how it fails, and adjusts evidence.\n"
    )
    doc.frontmatter.data.update({
        "oos_version": "1.0", "org_pseudonym": org_pseudonym, "industry": "unspecified",
        "org_size": "small", "template": "agent_army", "agent_count": len(entities),
        "platforms": [], "generated_at": stamp, "version": 1, "parent_version": None,
        "word_count": 0, "claim_count": 0, "confidence_distribution": {}, "evidence_distribution": {},
    })
    if entities:
        doc.frontmatter.data["entities"] = entities
    # Group by standard section (stable, so source order holds within a section), then number.
    for number, claim in enumerate(sorted(claims, key=lambda c: STANDARD_SECTIONS.index(c.section)), start=1):
        claim.id = f"C{number:03d}"
        doc.add_claim(claim)
    fix(doc)
    return doc
