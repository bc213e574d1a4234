"""Making user text safe to put inside one claim field.

A claim field is one Markdown line (continuations are indented). Anything `str.splitlines`
breaks on would end the claim early and silently move the rest into prose, so line breaks of
every kind become spaces. "Blank" follows the Unicode White_Space property, the same rule the
API schema's `\\S` pattern applies, so the schema and the service agree on what is empty.
"""
from __future__ import annotations

import re

_BREAKS = re.compile("[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")
_WHITE_SPACE = frozenset("\t\n\v\f\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000") | {
    chr(c) for c in range(0x2000, 0x200B)}


def one_line(value: str) -> str:
    return _BREAKS.sub(" ", value).strip(" \t")


def blank(value: str) -> bool:
    return all(ch in _WHITE_SPACE for ch in value)
