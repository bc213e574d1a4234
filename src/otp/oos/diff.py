"""Diffs: organization against organization (by similarity) and version against version (by id).

Organization diff. Every pair of claims (a in A, b in B) with similarity >= SIMILAR_THRESHOLD is
a candidate. Candidates are taken greedily in order of (similarity desc, index in A, index in
B); a pair is accepted when neither claim is matched yet, so each claim is matched at most once.
Accepted pairs are DUPLICATE (>= 0.8) or SIMILAR; unmatched claims are UNIQUE_TO_A / _B.

Two methods produce the candidates and then share the matching step:

* `diff_all_pairs` — the reference: compares all |A|·|B| pairs.
* `diff_orgs` — exact prefix filtering (the AllPairs/PPJoin idea). Tokens are ordered globally
  by rarity; each set's *prefix* is its first n - ceil(t·n) + 1 tokens. If J(x, y) >= t then
  the prefixes share a token. Proof: suppose they share none; let a and b be the last prefix
  tokens of x and y and say a <= b. A common token z <= a would lie in both prefixes, so every
  common token is > a, i.e. in x's suffix, which has ceil(t·|x|) - 1 tokens; hence
  |x ∩ y| < t·|x| <= t·max(|x|,|y|) <= t·|x ∪ y|, so J < t — a contradiction (symmetric for
  b <= a). Also J >= t implies t·|x| <= |y| <= |x|/t (size filter). So probing an inverted
  index of B's prefixes with A's prefixes, then verifying exactly, yields exactly the
  candidate set of the reference — and therefore the same diff. Two refinements, both proved
  where they are implemented (`_join`): pairs are split by which side is larger so the smaller
  side may index a shorter prefix, and a positional bound prunes postings that sit too deep in
  their record to reach the required overlap. A hypothesis test checks equality on random input.
"""
from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from typing import Any, Iterable, Sequence

from .model import ATTR_TO_LABEL, Claim, OOSDocument
from .similarity import (
    DUPLICATE_THRESHOLD, SIMILAR_THRESHOLD, at_least, ceil_mul, claim_tokens,
)

DUPLICATE, SIMILAR, UNIQUE_TO_A, UNIQUE_TO_B = "DUPLICATE", "SIMILAR", "UNIQUE_TO_A", "UNIQUE_TO_B"


@dataclass(frozen=True)
class ClaimMatch:
    kind: str        # DUPLICATE | SIMILAR
    a_index: int     # position in A's claim list (ids need not be unique across orgs)
    b_index: int
    a_id: str
    b_id: str
    similarity: float
    overlap: int
    union: int


@dataclass(frozen=True)
class OrgDiff:
    matches: tuple[ClaimMatch, ...]
    unique_to_a: tuple[str, ...]
    unique_to_b: tuple[str, ...]
    summary: dict[str, int] = field(hash=False)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _claims(source: OOSDocument | Sequence[Claim]) -> list[Claim]:
    return source.claims if isinstance(source, OOSDocument) else list(source)


def _candidates_all_pairs(a: list[frozenset[str]], b: list[frozenset[str]]) -> list[tuple[int, int, int, int]]:
    out = []
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            overlap = len(x & y)
            union = len(x) + len(y) - overlap
            if at_least(overlap, union, SIMILAR_THRESHOLD):
                out.append((i, j, overlap, union))
    return out


def _candidates_prefix(a: list[frozenset[str]], b: list[frozenset[str]]) -> list[tuple[int, int, int, int]]:
    freq = Counter(tok for s in (*a, *b) for tok in s)
    rank = {tok: r for r, tok in enumerate(sorted(freq, key=lambda k: (freq[k], k)))}
    ra = [sorted(rank[tok] for tok in s) for s in a]
    rb = [sorted(rank[tok] for tok in s) for s in b]
    # Pass 1 finds pairs with |b| <= |a|, pass 2 pairs with |b| > |a|: each pair in exactly one.
    out = _join(ra, a, rb, b, smaller_or_equal=True)
    out += [(i, j, o, u) for j, i, o, u in _join(rb, b, ra, a, smaller_or_equal=False)]
    return out


def _join(probe: list[list[int]], probe_sets: list[frozenset[str]], build: list[list[int]],
          build_sets: list[frozenset[str]], smaller_or_equal: bool) -> list[tuple[int, int, int, int]]:
    """Pairs (probe x, build y) with J >= t among those where |y| <= |x| (or |y| < |x|).

    Because |y| <= |x|, the required overlap ceil(t(|x|+|y|)/(1+t)) is at least
    ceil(2t|y|/(1+t)), so y only needs its shorter PPJoin *indexing* prefix; x uses the
    probing prefix |x| - ceil(t|x|) + 1. Every candidate is then verified exactly.
    """
    num, den = SIMILAR_THRESHOLD.numerator, SIMILAR_THRESHOLD.denominator
    sizes = [len(y) for y in build]
    # If y is first met (its first common token with x) at position py of y, at most n - py
    # tokens can be shared, and a pair needs ceil(t(m+n)/(1+t)) of them. For t = num/den that
    # is  m*num <= n*den - py*(num+den) =: key. Postings are kept sorted by key, so each probe
    # reads one bisect slice; the key bound also implies the size filter n >= t*m.
    entries: dict[int, list[tuple[int, int]]] = defaultdict(list)
    index_share = Fraction(2 * num, den + num)  # 2t/(1+t): prefix needed while n <= m
    for j, y in enumerate(build):
        n = sizes[j]
        for py in range(n - ceil_mul(index_share, n) + 1 if n else 0):
            entries[y[py]].append((n * den - py * (num + den), j))
    post_keys: dict[int, list[int]] = {}
    post_ids: dict[int, list[int]] = {}
    for token, items in entries.items():
        items.sort()
        post_keys[token] = [k for k, _ in items]
        post_ids[token] = [j for _, j in items]
    out = []
    for i, x in enumerate(probe):
        m = len(x)
        if not m:
            continue
        need_key = m * num
        candidates: set[int] = set()
        for token in x[: m - ceil_mul(SIMILAR_THRESHOLD, m) + 1]:
            keys = post_keys.get(token)
            if keys:
                candidates.update(post_ids[token][bisect_left(keys, need_key):])  # C-speed union
        xs = probe_sets[i]
        for j in candidates:
            n = sizes[j]
            if n > m if smaller_or_equal else n >= m:
                continue  # this pair belongs to the other pass
            overlap = len(xs & build_sets[j])
            union = m + n - overlap
            if overlap * den >= num * union:
                out.append((i, j, overlap, union))
    return out


def _match(a: list[Claim], b: list[Claim], candidates: Iterable[tuple[int, int, int, int]]) -> OrgDiff:
    ordered = sorted(candidates, key=lambda c: (-Fraction(c[2], c[3]), c[0], c[1]))
    used_a: set[int] = set()
    used_b: set[int] = set()
    matches = []
    for i, j, overlap, union in ordered:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        kind = DUPLICATE if at_least(overlap, union, DUPLICATE_THRESHOLD) else SIMILAR
        matches.append(ClaimMatch(kind, i, j, a[i].id, b[j].id, round(overlap / union, 4), overlap, union))
    matches.sort(key=lambda m: (m.a_index, m.b_index))
    only_a = tuple(c.id for i, c in enumerate(a) if i not in used_a)
    only_b = tuple(c.id for j, c in enumerate(b) if j not in used_b)
    summary = {
        DUPLICATE: sum(1 for m in matches if m.kind == DUPLICATE),
        SIMILAR: sum(1 for m in matches if m.kind == SIMILAR),
        UNIQUE_TO_A: len(only_a), UNIQUE_TO_B: len(only_b),
    }
    return OrgDiff(tuple(matches), only_a, only_b, summary)


def diff_all_pairs(a: OOSDocument | Sequence[Claim], b: OOSDocument | Sequence[Claim]) -> OrgDiff:
    """Reference organization diff: every pair compared."""
    ca, cb = _claims(a), _claims(b)
    return _match(ca, cb, _candidates_all_pairs([claim_tokens(c) for c in ca], [claim_tokens(c) for c in cb]))


def diff_orgs(a: OOSDocument | Sequence[Claim], b: OOSDocument | Sequence[Claim]) -> OrgDiff:
    """Organization diff with prefix filtering; same result as `diff_all_pairs`, much faster."""
    ca, cb = _claims(a), _claims(b)
    return _match(ca, cb, _candidates_prefix([claim_tokens(c) for c in ca], [claim_tokens(c) for c in cb]))


# --- version against version -------------------------------------------------------------

@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class ClaimChange:
    id: str
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True)
class VersionDiff:
    added: tuple[str, ...]
    removed: tuple[str, ...]
    modified: tuple[ClaimChange, ...]
    frontmatter: tuple[FieldChange, ...]
    summary: dict[str, int] = field(hash=False)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_COMPARED = ("section", *ATTR_TO_LABEL)


def _claim_changes(old: Claim, new: Claim) -> tuple[FieldChange, ...]:
    changes = [FieldChange(attr, getattr(old, attr), getattr(new, attr))
               for attr in _COMPARED if getattr(old, attr) != getattr(new, attr)]
    for label in dict.fromkeys([*old.extra, *new.extra]):
        if old.extra.get(label) != new.extra.get(label):
            changes.append(FieldChange(label, old.extra.get(label), new.extra.get(label)))
    return tuple(changes)


def diff_versions(old: OOSDocument, new: OOSDocument) -> VersionDiff:
    """Claims matched by id (the first occurrence of an id wins; duplicates are a validation
    error). Frontmatter is compared key by key."""
    before = {c.id: c for c in reversed(old.claims)}
    after = {c.id: c for c in reversed(new.claims)}
    order_old = list(dict.fromkeys(c.id for c in old.claims))
    order_new = list(dict.fromkeys(c.id for c in new.claims))
    added = tuple(i for i in order_new if i not in before)
    removed = tuple(i for i in order_old if i not in after)
    modified = []
    for claim_id in order_new:
        if claim_id in before:
            changes = _claim_changes(before[claim_id], after[claim_id])
            if changes:
                modified.append(ClaimChange(claim_id, changes))
    a, b = old.frontmatter.data, new.frontmatter.data
    meta = tuple(FieldChange(k, a.get(k), b.get(k)) for k in dict.fromkeys([*a, *b]) if a.get(k) != b.get(k))
    summary = {"added": len(added), "removed": len(removed), "modified": len(modified),
               "unchanged": sum(1 for i in order_new if i in before) - len(modified)}
    return VersionDiff(added, removed, tuple(modified), meta, summary)
