"""Quality tier of an OOS, computed from its claims (never from what the frontmatter says).

Four sub-scores 0-4 (thresholds from the OOS spec), weighted and normalised by the sum of the
weights (0.7) so the score stays on the 0-4 scale:

    score = (0.15*count + 0.25*evidence + 0.20*failure + 0.10*mix) / 0.7
    Platinum >= 3.5, Gold >= 2.5, Silver >= 1.5, else Bronze
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from .model import CONFIDENCE_LEVELS, OOSDocument

WEIGHTS = {"claim_count": 0.15, "evidence_strength": 0.25, "failure_knowledge": 0.20, "confidence_mix": 0.10}
STRONG_EVIDENCE = ("MEASURED_RESULT", "OBSERVED_REPEATEDLY")
TIERS = ((3.5, "Platinum"), (2.5, "Gold"), (1.5, "Silver"))


@dataclass(frozen=True)
class QualityScore:
    claim_count: int          # sub-scores 0-4
    evidence_strength: int
    failure_knowledge: int
    confidence_mix: int
    score: float              # weighted, 0-4
    tier: str
    # the raw measurements the sub-scores came from, so a reader can check them
    claims: int
    strong_evidence_share: float
    failure_claims: int
    confidence_levels: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def claim_count_score(n: int) -> int:
    return 4 if n >= 40 else 3 if n >= 26 else 2 if n >= 16 else 1


def evidence_strength_score(share: float) -> int:
    return 4 if share >= 0.50 else 3 if share >= 0.30 else 2 if share >= 0.15 else 1


def failure_knowledge_score(n: int) -> int:
    return 4 if n >= 10 else 3 if n >= 6 else 2 if n >= 3 else 1 if n >= 1 else 0


def confidence_mix_score(levels: int) -> int:
    # The spec defines 3->4, 2->2, 1->1; no claims means no mix at all.
    return {3: 4, 2: 2, 1: 1}.get(levels, 0)


def tier_for(score: float) -> str:
    return next((name for floor, name in TIERS if score >= floor), "Bronze")


def combine(count: int, evidence: int, failure: int, mix: int) -> float:
    raw = (WEIGHTS["claim_count"] * count + WEIGHTS["evidence_strength"] * evidence
           + WEIGHTS["failure_knowledge"] * failure + WEIGHTS["confidence_mix"] * mix)
    # Round away float noise so a score that is exactly on a tier floor lands on it
    # (0.15*2+... can come out as 2.4999999999999996).
    return round(raw / sum(WEIGHTS.values()), 9)


def score(doc: OOSDocument) -> QualityScore:
    claims = doc.claims
    n = len(claims)
    strong = sum(1 for c in claims if c.evidence.strip().upper() in STRONG_EVIDENCE)
    share = strong / n if n else 0.0
    failures = sum(1 for c in claims if c.section == "failure_patterns")
    levels = len({c.confidence.strip().upper() for c in claims} & set(CONFIDENCE_LEVELS))
    subs = (claim_count_score(n), evidence_strength_score(share),
            failure_knowledge_score(failures), confidence_mix_score(levels))
    total = combine(*subs)
    return QualityScore(*subs, score=total, tier=tier_for(total), claims=n,
                        strong_evidence_share=share, failure_claims=failures, confidence_levels=levels)
