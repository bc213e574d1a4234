"""Agentic maturity L1-L8, assessed from evidence signals.

Signals come from two places and are merged: the OOS document (frontmatter plus keyword
heuristics over claim text and sections, see `SIGNAL_PATTERNS`) and, for a live organization,
what the platform observes (agents connected over MCP, SOP edits, captured learnings, agents on a
recurring schedule, governance rules in force, agents leading agents).

"Scheduled agents" on the platform are active agents whose seat attends an active (weekly)
meeting series: the only recurring schedule for agents the platform holds (it requests their prep
every week). There is no cron/job table for agents and heartbeats keep only their latest time, so
nothing else can show recurrence honestly; see `live_sources.scheduled_agents`. A level passes when any of its
criteria is met; each passing level lists the evidence that met it.

Cap rule: the final level is the highest level with every level below it passing, so a level
that fails caps everything above it; the lowest failing level is named as the bottleneck.
Level 0 means not even L1 has evidence.

Observed or claimed: each criterion is either something the platform observes at runtime or
something the document says (its frontmatter, its claims' keywords, its section sizes). Each
level carries a status: "observed" when a runtime criterion met it, "claimed, not observed" when
only the document did, "not shown" otherwise. For the stored OOS of a live organization (basis
"runtime") only observed evidence passes a level: writing "We use MCP." into a claim never raises
the level past what the organization actually runs. A document on its own (a file, a check of
unstored text; basis "document") has no runtime to consult, so its claims pass levels as before
and every such level says it is claimed, not observed.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Callable

from .model import OOSDocument

LEVEL_NAMES = {
    1: "Tab Complete", 2: "Agent IDE", 3: "Context Engineering", 4: "Compounding Engineering",
    5: "MCP & Skills", 6: "Harness Engineering", 7: "Background Agents", 8: "Autonomous Agent Teams",
}

# Keyword heuristics over each claim's rule + why + failure mode + scope. Deliberately
# conservative: a signal is a hint a human reviewer can check, because every passing level
# cites the claim ids that matched.
SIGNAL_PATTERNS: dict[str, re.Pattern[str]] = {
    "ai_assist": re.compile(r"\bAI\b|\bLLMs?\b|copilot|autocomplet|tab.complet|\bclaude\b|\bgpt|chatgpt|\bcursor\b", re.I),
    "agents": re.compile(r"\bagents?\b", re.I),
    "context": re.compile(r"\bcontext\b|state files?|\bmemory\b|CLAUDE\.md|AGENTS\.md|\bprompts?\b|canonical file|"
                          r"written (?:one-line )?role|documented", re.I),
    "learning": re.compile(r"\blearn|lessons?\b|retro(?:spective)?s?\b|post-?mortem|re-?scores?|feedback loop|"
                           r"compound", re.I),
    "mcp_skills": re.compile(r"\bMCP\b|model context protocol|\bskills?\b|tool (?:server|registry)|\bplugins?\b", re.I),
    "harness": re.compile(r"guardrails?|\bapprov|permissions?\b|\bhooks?\b|\bverif|\btests?\b|budget cap|"
                          r"sandbox|allow-?list|\bden(?:y|ied)\b", re.I),
    "background": re.compile(r"schedul|overnight|\bbackground\b|\bcron\b|launchagents?|nightly|"
                             r"run(?:s|ning)? autonomously", re.I),
    "agent_teams": re.compile(r"agent-to-agent|inter-agent|message bus|agents? (?:coordinate|negotiate|delegate)|"
                              r"hands? it to|orchestrat|agent manag|lead agent|sub-?agents?", re.I),
}


@dataclass
class MaturitySignals:
    """Everything maturity is assessed from. Counts of 0 / empty lists mean 'not observed'."""

    # from the document
    platforms: list[str] = field(default_factory=list)
    agent_count: int = 0
    mcp_servers: list[str] = field(default_factory=list)
    claim_signals: dict[str, list[str]] = field(default_factory=dict)  # signal -> claim ids
    section_claims: dict[str, int] = field(default_factory=dict)       # section -> claim count
    # from the live platform (filled by the database-backed side)
    agents_active: int = 0
    agents_connected_mcp: int = 0
    sops_defined: int = 0
    sop_edits: int = 0
    learnings_captured: int = 0
    scheduled_agents: int = 0
    governance_rules: int = 0
    governance_decisions: int = 0      # approval requests a human approved or rejected
    agents_on_chart: int = 0           # active agents holding a seat (a role and authority the platform enforces)
    agents_leading_agents: int = 0

    def merged(self, other: "MaturitySignals") -> "MaturitySignals":
        """Combine two observations of one organization: counts take the max (the same agent
        seen twice is one agent), lists and claim ids are unioned in order."""
        out = MaturitySignals()
        for f in fields(self):
            a, b = getattr(self, f.name), getattr(other, f.name)
            if isinstance(a, int):
                value: Any = max(a, b)
            elif isinstance(a, list):
                value = list(dict.fromkeys([*a, *b]))
            elif f.name == "section_claims":
                value = {k: max(a.get(k, 0), b.get(k, 0)) for k in {**a, **b}}
            else:
                value = {k: list(dict.fromkeys([*a.get(k, []), *b.get(k, [])])) for k in {**a, **b}}
            setattr(out, f.name, value)
        return out


def signals_from_document(doc: OOSDocument) -> MaturitySignals:
    fm = doc.frontmatter
    hits: dict[str, list[str]] = {name: [] for name in SIGNAL_PATTERNS}
    sections: dict[str, int] = {}
    for claim in doc.claims:
        sections[claim.section] = sections.get(claim.section, 0) + 1
        text = " ".join((claim.rule, claim.why, claim.failure_mode, claim.scope))
        for name, pattern in SIGNAL_PATTERNS.items():
            if pattern.search(text):
                hits[name].append(claim.id)
    servers = fm.mcp_servers or []
    return MaturitySignals(
        platforms=[str(p) for p in fm.platforms or []],
        agent_count=fm.agent_count or 0,
        mcp_servers=[str(s) for s in (servers if isinstance(servers, list) else list(servers))],
        claim_signals={k: v for k, v in hits.items() if v},
        section_claims=sections,
    )


OBSERVED, CLAIMED, NOT_SHOWN = "observed", "claimed, not observed", "not shown"


@dataclass(frozen=True)
class Criterion:
    description: str
    measure: Callable[[MaturitySignals], int | list[str]]
    minimum: int = 1
    observed: bool = False  # True: what the platform observes at runtime; False: what the document says


def _claims(signal: str) -> Callable[[MaturitySignals], list[str]]:
    return lambda s: s.claim_signals.get(signal, [])


def _attr(name: str) -> Callable[[MaturitySignals], Any]:
    return lambda s: getattr(s, name)


CRITERIA: dict[int, tuple[Criterion, ...]] = {
    1: (Criterion("AI platforms listed", _attr("platforms")),
        Criterion("claims about AI assistance", _claims("ai_assist")),
        Criterion("active agents observed", _attr("agents_active"), observed=True)),
    2: (Criterion("agent_count in frontmatter", _attr("agent_count")),
        Criterion("claims about agents doing work", _claims("agents")),
        Criterion("active agents observed", _attr("agents_active"), observed=True)),
    3: (Criterion("claims about context, memory or state files", _claims("context"), 2),
        Criterion("claims defining agent roles and authority", lambda s: s.section_claims.get("agent_roles_and_authority", 0)),
        Criterion("SOPs defined on the platform", _attr("sops_defined"), observed=True),
        Criterion("agents holding a seat on the chart (role and authority enforced)", _attr("agents_on_chart"),
                  observed=True)),
    4: (Criterion("failure patterns written down", lambda s: s.section_claims.get("failure_patterns", 0), 3),
        Criterion("claims about a learning loop", _claims("learning")),
        Criterion("learnings captured on the platform", _attr("learnings_captured"), observed=True),
        Criterion("SOP revisions on the platform (edits after creation)", _attr("sop_edits"), observed=True)),
    5: (Criterion("MCP servers listed", _attr("mcp_servers")),
        Criterion("claims about MCP, skills or tool servers", _claims("mcp_skills")),
        # One agent token serves MCP and REST and the platform does not record which was used, so
        # this counts agents whose token has been used at all, and says so.
        Criterion("agents connected over MCP or the API (token used)", _attr("agents_connected_mcp"), observed=True)),
    6: (Criterion("claims about guardrails, approvals or verification", _claims("harness"), 2),
        Criterion("governance rules in force", _attr("governance_rules"), observed=True),
        Criterion("governance decisions recorded (approvals decided by a human)", _attr("governance_decisions"),
                  observed=True)),
    7: (Criterion("claims about scheduled or background agents", _claims("background")),
        Criterion("agents on a recurring schedule (seat in an active weekly meeting series)",
                  _attr("scheduled_agents"), observed=True)),
    8: (Criterion("claims about agents coordinating or leading agents", _claims("agent_teams")),
        Criterion("agents leading agents on the platform", _attr("agents_leading_agents"), observed=True)),
}


@dataclass(frozen=True)
class LevelResult:
    level: int
    name: str
    passed: bool
    evidence: tuple[str, ...]  # the criteria that were met, with what was measured (observed first)
    needs: str                 # what would pass it (the criteria, for a failing level)
    status: str = NOT_SHOWN    # observed, "claimed, not observed" or "not shown"


@dataclass(frozen=True)
class MaturityResult:
    level: int                       # final level after the cap rule (0-8)
    name: str
    levels: tuple[LevelResult, ...]
    bottleneck: LevelResult | None   # lowest failing level; None at L8
    highest_passing: int             # highest passing level ignoring the cap
    basis: str = "document"          # "runtime": only observed evidence passes; "document": claims pass too

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _assess_level(level: int, signals: MaturitySignals, runtime: bool) -> LevelResult:
    observed, claimed = [], []
    for criterion in CRITERIA[level]:
        value = criterion.measure(signals)
        amount = len(value) if isinstance(value, list) else int(value)
        if amount >= criterion.minimum:
            shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
            (observed if criterion.observed else claimed).append(f"{criterion.description}: {shown}")
    criteria = [c for c in CRITERIA[level] if c.observed or not runtime]
    needs = " or ".join(f"{c.description} (at least {c.minimum})" for c in criteria)
    status = OBSERVED if observed else CLAIMED if claimed else NOT_SHOWN
    passed = bool(observed) if runtime else bool(observed or claimed)
    return LevelResult(level, LEVEL_NAMES[level], passed, tuple(observed + claimed), needs, status)


def assess(signals: MaturitySignals, *, runtime: bool = False) -> MaturityResult:
    """With `runtime` (the organization is live on the platform) only observed criteria pass a
    level; claims still show, as "claimed, not observed"."""
    levels = tuple(_assess_level(level, signals, runtime) for level in sorted(LEVEL_NAMES))
    bottleneck = next((r for r in levels if not r.passed), None)
    final = bottleneck.level - 1 if bottleneck else 8
    highest = max((r.level for r in levels if r.passed), default=0)
    return MaturityResult(final, LEVEL_NAMES.get(final, "None"), levels, bottleneck, highest,
                          "runtime" if runtime else "document")


def assess_document(doc: OOSDocument, live: MaturitySignals | None = None) -> MaturityResult:
    """The document alone (live None: claims pass levels, labelled claimed), or the document of a
    live organization (live: what the platform observes decides; claims never raise the level)."""
    signals = signals_from_document(doc)
    return assess(signals.merged(live), runtime=True) if live is not None else assess(signals)
