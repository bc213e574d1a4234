"""Claim similarity used by the organization diff.

Definition: the Jaccard similarity of the *token sets* of two claims, where a claim's text is
`rule + why + scope` (failure modes are incident stories and differ even for the same rule),
lower-cased and split into runs of letters/digits, minus a short list of English stop words
(they would make every pair look alike). J(A, B) = |A ∩ B| / |A ∪ B|; two empty sets have
similarity 0 so contentless claims never match.

Comparisons against thresholds are exact integer arithmetic on (overlap, union), so the fast
and the reference method can never disagree because of floating point.
"""
from __future__ import annotations

import re
from fractions import Fraction

from .model import Claim

DUPLICATE_THRESHOLD = Fraction(4, 5)   # >= 0.8: the same rule, worded (nearly) the same
# >= 0.5: at least half of the combined vocabulary is shared, i.e. the overlap is as large as
# everything that differs. Below that, pairs in the fixture and in hand checks stopped being
# the same idea and were merely on the same topic.
SIMILAR_THRESHOLD = Fraction(1, 2)

STOP_WORDS = frozenset("""
a an and are as at be been but by can do does for from has have if in into is it its
no not of on or so than that the their them then there these they this to was we were when
which while will with would you your our all any each every must should may might
""".split())
_WORD = re.compile(r"[^\W_]+")


def tokens(text: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(text.lower()) if w not in STOP_WORDS)


def claim_tokens(claim: Claim) -> frozenset[str]:
    return tokens(" ".join((claim.rule, claim.why, claim.scope)))


def jaccard(a: frozenset[str], b: frozenset[str]) -> Fraction:
    union = len(a | b)
    return Fraction(len(a & b), union) if union else Fraction(0)


def at_least(overlap: int, union: int, threshold: Fraction) -> bool:
    """overlap / union >= threshold, exactly; an empty union never qualifies."""
    return union > 0 and overlap * threshold.denominator >= threshold.numerator * union


def ceil_mul(threshold: Fraction, n: int) -> int:
    """ceil(threshold * n) in integers."""
    return -(-threshold.numerator * n // threshold.denominator)
