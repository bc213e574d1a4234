"""Counts an OOS declares about itself, computed from what the document actually contains.

Word count rule (documented because every tool counts differently): the words of the *body*
(everything after the closing `---` of the frontmatter, claims and free sections alike) as a
reader sees them. A word is a maximal run of non-whitespace characters that contains at least
one letter or digit. So `**Rule:**` and `**[C001]**` are one word each, `$8/day` is one word,
and pure Markdown markup (`-`, `|`, `|---|---|`, `##`, `**`) is not a word. Frontmatter is
metadata, not content, and is not counted.
"""
from __future__ import annotations

import re
from collections import Counter

from .model import CONFIDENCE_LEVELS, EVIDENCE_TYPES, OOSDocument

WORD_COUNT_MIN = 500
WORD_COUNT_MAX = 15_000
_TOKEN = re.compile(r"\S+")
_HAS_WORD_CHAR = re.compile(r"[^\W_]")  # a letter or digit in any script


def count_words(text: str) -> int:
    return sum(1 for token in _TOKEN.findall(text) if _HAS_WORD_CHAR.search(token))


def body_word_count(doc: OOSDocument) -> int:
    return count_words(doc.body_text())


def confidence_counts(doc: OOSDocument) -> dict[str, int]:
    """{high, medium, low} -> number of claims; claims with an invalid level are not counted."""
    seen = Counter(c.confidence.strip().upper() for c in doc.claims)
    return {level.lower(): seen.get(level, 0) for level in CONFIDENCE_LEVELS}


def evidence_counts(doc: OOSDocument) -> dict[str, int]:
    """{evidence type in lower case} -> number of claims, for all six types (zeros included)."""
    seen = Counter(c.evidence.strip().upper() for c in doc.claims)
    return {kind.lower(): seen.get(kind, 0) for kind in EVIDENCE_TYPES}
