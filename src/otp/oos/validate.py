"""Validation of an OOS document: precise findings with line numbers, and `fix`.

Severity: "error" means the document breaks the format (wrong enum, missing field, a count
that contradicts the claims); "warning" means something a reader should look at but that a
consumer can still rely on (the declared word count, which tools count differently, and the
human-readable Confidence Map tables, which are free prose and never machine-authoritative).
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, Iterator

from .model import (
    ATTR_TO_LABEL, CONFIDENCE_LEVELS, EVIDENCE_TYPES, ORG_SIZES, REQUIRED_CLAIM_ATTRS,
    STANDARD_SECTIONS, TEMPLATES, OOSDocument, TextBlock, _heading, section_key,
)
from .scan import redact, scan
from .stats import (
    WORD_COUNT_MAX, WORD_COUNT_MIN, body_word_count, confidence_counts, evidence_counts,
)

CLAIM_ID = re.compile(r"C\d{1,4}")
MIN_CLAIMS = 3
REQUIRED_FIELDS: dict[str, tuple[type, ...]] = {
    "oos_version": (str,), "org_pseudonym": (str,), "industry": (str,), "org_size": (str,),
    "template": (str,), "agent_count": (int,), "platforms": (list,), "generated_at": (str,),
    "version": (int,), "parent_version": (int, type(None)), "word_count": (int,),
    "claim_count": (int,), "confidence_distribution": (dict,), "evidence_distribution": (dict,),
}
# Optional fields: absent or null is fine; present with a value, it must have the spec's shape.
OPTIONAL_FIELDS: dict[str, tuple[type, ...]] = {"org_id": (str, int), "entities": (list, dict),
                                                "mcp_servers": (list, dict)}
_TYPE_NAMES = {str: "a string", int: "an integer", list: "a list", dict: "a mapping", type(None): "null"}
SHOWN_CHARACTERS = 60  # of a wrong value quoted back in a message


def _shown(value: Any, quote: bool = False) -> str:
    """A value from the document as a message quotes it: run through the privacy scanner first
    (a secret or a personal detail typed into the wrong field must not reach a terminal or a CI
    log, the same rule as the scan's own output) and cut to SHOWN_CHARACTERS."""
    text = str(value) if isinstance(value, str) and not quote else repr(value)
    text = redact(text, scan(text))
    return text if len(text) <= SHOWN_CHARACTERS else text[:SHOWN_CHARACTERS - 1] + "…"


@dataclass(frozen=True)
class Finding:
    severity: str  # "error" | "warning"
    code: str
    message: str
    line: int | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "document"
        return f"{where}: {self.severity}: {self.message} [{self.code}]"


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


def validate(doc: OOSDocument) -> list[Finding]:
    findings = [*_frontmatter(doc), *_claims(doc), *_counts(doc), *_confidence_map(doc)]
    return sorted(findings, key=lambda f: (f.line or 0, f.code, f.message))


def _line(doc: OOSDocument, key: str) -> int:
    return doc.frontmatter_lines.get(key) or doc.frontmatter_lines.get(key.split(".")[0]) or 1


def _frontmatter(doc: OOSDocument) -> Iterator[Finding]:
    data = doc.frontmatter.data
    for key, kinds in REQUIRED_FIELDS.items():
        if key not in data:
            yield Finding("error", "frontmatter.missing", f"required frontmatter field '{key}' is missing", 1)
            continue
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, kinds):
            want = " or ".join(_TYPE_NAMES[k] for k in kinds)
            yield Finding("error", "frontmatter.type", f"'{key}' must be {want}, got {_shown(value, quote=True)}", _line(doc, key))
    for key, kinds in OPTIONAL_FIELDS.items():
        value = data.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, kinds)):
            want = " or ".join(_TYPE_NAMES[k] for k in kinds)
            yield Finding("error", "frontmatter.type", f"'{key}' must be {want} when given, got {_shown(value, quote=True)}",
                          _line(doc, key))
    for key, allowed in (("org_size", ORG_SIZES), ("template", TEMPLATES)):
        value = data.get(key)
        if isinstance(value, str) and value not in allowed:
            yield Finding("error", "frontmatter.enum",
                          f"'{key}' is '{_shown(value)}', expected one of {', '.join(allowed)}", _line(doc, key))
    for key in ("agent_count", "word_count", "claim_count"):
        value = data.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and value < 0:
            yield Finding("error", "frontmatter.range", f"'{key}' must not be negative, got {value}", _line(doc, key))
    version, parent = data.get("version"), data.get("parent_version")
    if isinstance(version, int) and version < 1:
        yield Finding("error", "frontmatter.range", f"'version' must be 1 or more, got {version}", _line(doc, "version"))
    if isinstance(version, int) and isinstance(parent, int) and parent >= version:
        yield Finding("error", "frontmatter.range",
                      f"'parent_version' ({parent}) must be lower than 'version' ({version})", _line(doc, "parent_version"))
    platforms = data.get("platforms")
    if isinstance(platforms, list) and not all(isinstance(p, str) for p in platforms):
        yield Finding("error", "frontmatter.type", "'platforms' must be a list of strings", _line(doc, "platforms"))
    generated = data.get("generated_at")
    if isinstance(generated, str) and not _is_iso_datetime(generated):
        yield Finding("error", "frontmatter.format",
                      f"'generated_at' is '{_shown(generated)}', expected an ISO 8601 timestamp", _line(doc, "generated_at"))
    for key, allowed in (("confidence_distribution", CONFIDENCE_LEVELS), ("evidence_distribution", EVIDENCE_TYPES)):
        dist = data.get(key)
        if not isinstance(dist, dict):
            continue
        for sub, value in dist.items():
            if str(sub).upper() not in allowed:
                yield Finding("error", "frontmatter.enum",
                              f"'{key}' has unknown key '{_shown(sub)}', expected {', '.join(a.lower() for a in allowed)}",
                              _line(doc, f"{key}.{sub}"))
            elif isinstance(value, bool) or not isinstance(value, int) or value < 0:
                yield Finding("error", "frontmatter.type",
                              f"'{key}.{_shown(sub)}' must be a non-negative integer, got {_shown(value, quote=True)}", _line(doc, f"{key}.{sub}"))


def _is_iso_datetime(value: str) -> bool:
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _claims(doc: OOSDocument) -> Iterator[Finding]:
    first_seen: dict[str, int | None] = {}
    for claim in doc.claims:
        if not CLAIM_ID.fullmatch(claim.id):
            yield Finding("error", "claim.id_format",
                          f"claim id '{_shown(claim.id)}' must be C followed by 1 to 4 digits (e.g. C001)", claim.line)
        if claim.id in first_seen:
            yield Finding("error", "claim.id_duplicate",
                          f"claim id '{claim.id}' is used again (first on line {first_seen[claim.id]})", claim.line)
        else:
            first_seen[claim.id] = claim.line
        if claim.section not in STANDARD_SECTIONS:
            yield Finding("error", "claim.section",
                          f"claim {claim.id} is in section '{_shown(claim.section) if claim.section else '(none)'}', expected one of "
                          f"{', '.join(STANDARD_SECTIONS)}", claim.line)
        for attr in REQUIRED_CLAIM_ATTRS:
            if not getattr(claim, attr).strip():
                yield Finding("error", "claim.missing_field",
                              f"claim {claim.id} has no '{ATTR_TO_LABEL[attr]}' field",
                              claim.field_lines.get(attr, claim.line))
        for attr, allowed in (("confidence", CONFIDENCE_LEVELS), ("evidence", EVIDENCE_TYPES)):
            value = getattr(claim, attr).strip()
            if value and value not in allowed:
                yield Finding("error", "claim.enum",
                              f"claim {claim.id} {ATTR_TO_LABEL[attr]} is '{_shown(value)}', expected one of {', '.join(allowed)}",
                              claim.field_lines.get(attr, claim.line))


def _counts(doc: OOSDocument) -> Iterator[Finding]:
    data, claims = doc.frontmatter.data, doc.claims
    if len(claims) < MIN_CLAIMS:
        yield Finding("error", "document.too_few_claims",
                      f"the document has {len(claims)} claims, at least {MIN_CLAIMS} are required", doc.body_start_line)
    declared = data.get("claim_count")
    if isinstance(declared, int) and declared != len(claims):
        yield Finding("error", "count.claim_count",
                      f"claim_count declares {declared}, the document has {len(claims)} claims", _line(doc, "claim_count"))
    for key, actual in (("confidence_distribution", confidence_counts(doc)),
                        ("evidence_distribution", evidence_counts(doc))):
        dist = data.get(key)
        if not isinstance(dist, dict):
            continue
        declared_by_key = {str(k).lower(): v for k, v in dist.items()}
        for sub, count in actual.items():
            value = declared_by_key.get(sub, 0)  # an omitted key declares zero
            if isinstance(value, int) and value != count:
                yield Finding("error", f"count.{key}",
                              f"{key}.{sub} declares {value}, the claims have {count}", _line(doc, f"{key}.{sub}"))
    words = body_word_count(doc)
    if not WORD_COUNT_MIN <= words <= WORD_COUNT_MAX:
        yield Finding("error", "document.word_count_range",
                      f"the body has {words} words, expected between {WORD_COUNT_MIN} and {WORD_COUNT_MAX}",
                      doc.body_start_line)
    declared_words = data.get("word_count")
    if isinstance(declared_words, int) and declared_words != words:
        yield Finding("warning", "count.word_count",
                      f"word_count declares {declared_words}, the body has {words} words", _line(doc, "word_count"))


_TABLE_ROW = re.compile(r"^\|\s*([A-Za-z_]+)\s*\|\s*(\d+)\s*\|")


def _confidence_map(doc: OOSDocument) -> Iterator[Finding]:
    """Tables in a 'Confidence Map' section restate the counts for human readers; check them."""
    actual = {k.upper(): v for k, v in {**confidence_counts(doc), **evidence_counts(doc)}.items()}
    in_map = False
    for block in doc.blocks:
        if not isinstance(block, TextBlock) or block.line is None:
            continue
        for offset, line in enumerate(block.text.splitlines()):
            heading = _heading(line)
            if heading:
                in_map = section_key(heading[1]) == "confidence_map"
                continue
            match = _TABLE_ROW.match(line) if in_map else None
            if match and match.group(1).upper() in actual:
                label, value = match.group(1).upper(), int(match.group(2))
                if value != actual[label]:
                    yield Finding("warning", "map.count",
                                  f"Confidence Map row {label} says {value}, the claims have {actual[label]}",
                                  block.line + offset)


_MAP_ROW = re.compile(r"^(\|\s*)([A-Za-z_]+)(\s*\|\s*)(\d+)(\s*\|)(?:(\s*)(\d+)%(\s*\|))?")


def _fix_confidence_map(doc: OOSDocument) -> list[str]:
    """Rewrite the count (and a percentage cell) of each Confidence Map row that names a confidence
    level or evidence type, so the human-readable table says what the claims say. Only those
    cells change; the rest of the prose is the author's."""
    confidence, evidence = confidence_counts(doc), evidence_counts(doc)
    actual = {k.upper(): v for k, v in {**confidence, **evidence}.items()}
    totals = {k.upper(): sum(confidence.values()) for k in confidence}
    totals.update({k.upper(): sum(evidence.values()) for k in evidence})
    changes: list[str] = []
    in_map = False
    for block in doc.blocks:
        if not isinstance(block, TextBlock):
            continue
        lines = block.text.splitlines(keepends=True)
        for i, line in enumerate(lines):
            heading = _heading(line)
            if heading:
                in_map = section_key(heading[1]) == "confidence_map"
                continue
            match = _MAP_ROW.match(line) if in_map else None
            if not match or match.group(2).upper() not in actual:
                continue
            label = match.group(2).upper()
            count = actual[label]
            new = f"{match.group(1)}{match.group(2)}{match.group(3)}{count}{match.group(5)}"
            if match.group(7) is not None:
                share = round(100 * count / totals[label]) if totals[label] else 0
                new += f"{match.group(6)}{share}%{match.group(8)}"
            new += line[match.end():]
            if new != line:
                changes.append(f"Confidence Map {label}: {line.strip()} -> {new.strip()}")
                lines[i] = new
        block.text = "".join(lines)
    return changes


def fix(doc: OOSDocument) -> list[str]:
    """Recompute claim_count, both distributions and word_count, and the counts in the Confidence
    Map tables; return what changed.

    Existing key order is kept; zero counts stay listed if they were listed. Only the count and
    percentage cells of the Confidence Map rows are rewritten: the rest of the prose is the author's.
    """
    data = doc.frontmatter.data
    changes: list[str] = []

    def put(key: str, value: Any) -> None:
        if data.get(key) != value:
            changes.append(f"{key}: {_shown(data.get(key), quote=True)} -> {value!r}")
            data[key] = value

    put("word_count", body_word_count(doc))
    put("claim_count", len(doc.claims))
    for key, actual in (("confidence_distribution", confidence_counts(doc)),
                        ("evidence_distribution", evidence_counts(doc))):
        old = data.get(key) if isinstance(data.get(key), dict) else {}
        new = {k: actual.get(str(k).lower(), 0) for k in old if str(k).lower() in actual}
        for sub, count in actual.items():
            if sub not in new and (count or key == "confidence_distribution"):
                new[sub] = count
        put(key, new)
    return changes + _fix_confidence_map(doc)
