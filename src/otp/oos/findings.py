"""Privacy scan findings as shown to people: most severe first, each placed in the document (the
frontmatter key, the claim, or the section of prose it sits in, with the scanner's line and
column) and given a short excerpt of its line in which every finding is already replaced by its
placeholder. The matched text itself is never part of the result, so a page that lists findings
cannot echo the secret it is warning about (the same rule as publish's refusal message).
`listed` is the same form for REST responses and CLI output (text and --json), in document order.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import asdict, dataclass
from typing import Any, Iterable

from .document import parse
from .model import OOSDocument
from .scan import LINE_BREAK, SEVERITY_RANK, ScanFinding

AROUND = 40  # characters of context kept on each side of the placeholder


@dataclass(frozen=True)
class ShownFinding:
    severity: str
    kind: str
    line: int
    column: int
    claim: str | None     # id of the claim the finding is in
    place: str            # "claim C012", "frontmatter, key owner", "section “Tools”", "body"
    excerpt: str          # the finding's line, redacted, trimmed to AROUND characters each side
    replacement: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def present(text: str, doc: OOSDocument | None, findings: Iterable[ScanFinding]) -> list[ShownFinding]:
    """`findings` from scan(text); `doc` parsed from the same text (None: places are lines only)."""
    findings = sorted(findings, key=lambda f: f.start)
    redacted, spans = _redact_with_spans(text, findings)
    breaks = [m.span() for m in LINE_BREAK.finditer(redacted)]
    break_starts = [b[0] for b in breaks]
    locate = _locator(doc)
    shown = []
    for f in findings:
        claim, place = locate(f.line)
        start, end = spans[(f.start, f.end)]
        before, after = bisect_left(break_starts, start) - 1, bisect_left(break_starts, end)
        line_start = breaks[before][1] if before >= 0 else 0
        line_end = break_starts[after] if after < len(breaks) else len(redacted)
        shown.append(ShownFinding(f.severity, f.kind, f.line, f.column, claim, place,
                                  _excerpt(redacted, line_start, line_end, start, end), f.replacement))
    shown.sort(key=lambda s: (-SEVERITY_RANK.get(s.severity, 0), s.line, s.column))
    return shown


def placing_document(text: str) -> OOSDocument | None:
    """`text` parsed as OOS Markdown, to place findings in claims, keys and sections; None when it
    is the JSON form (its lines are not the document's) or does not parse (any other text)."""
    if text.lstrip().startswith("{"):
        return None
    try:
        return parse(text)
    except ValueError:  # OOSParseError, and anything else a stray text file provokes
        return None


def listed(text: str, findings: Iterable[ScanFinding], doc: OOSDocument | None) -> list[dict[str, Any]]:
    """`findings` from scan(text) as REST and the CLI list them: present()'s redacted form in
    document order (line, column). Never the matched text, nor its offsets. `doc`: as present()
    takes it; pass placing_document(text) unless the caller has the parsed Markdown already."""
    shown = present(text, doc, findings)
    return [f.to_dict() for f in sorted(shown, key=lambda f: (f.line, f.column))]


def _redact_with_spans(text: str, findings: list[ScanFinding]) -> tuple[str, dict[tuple[int, int], tuple[int, int]]]:
    """The text with every finding replaced (as scan.redact does), and where each placeholder went.
    An overlapping finding (scan gives none) is mapped onto the placeholder that covers it."""
    out: list[str] = []
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    cursor = length = 0
    last = (0, 0)
    for f in findings:
        if f.start < cursor:
            spans[(f.start, f.end)] = last
            continue
        out.append(text[cursor:f.start])
        length += f.start - cursor
        last = (length, length + len(f.replacement))
        spans[(f.start, f.end)] = last
        out.append(f.replacement)
        length += len(f.replacement)
        cursor = f.end
    out.append(text[cursor:])
    return "".join(out), spans


def _excerpt(redacted: str, line_start: int, line_end: int, start: int, end: int) -> str:
    left, right = max(line_start, start - AROUND), min(line_end, end + AROUND)
    piece = redacted[left:right].replace("\t", " ").strip()
    return ("…" if left > line_start else "") + piece + ("…" if right < line_end else "")


def _locator(doc: OOSDocument | None):
    if doc is None:
        return lambda line: (None, "body")
    claims = sorted((c.line, c.line + max(len((c.raw or "").splitlines()), 1) - 1, c.id)
                    for c in doc.claims if c.line is not None)
    keys = sorted((line, key) for key, line in doc.frontmatter_lines.items() if "." not in key)
    sections = [(s.line, s.title) for s in doc.sections() if s.line is not None]
    claim_starts = [c[0] for c in claims]

    def locate(line: int) -> tuple[str | None, str]:
        i = bisect_right(claim_starts, line) - 1
        if i >= 0 and claims[i][0] <= line <= claims[i][1]:
            return claims[i][2], f"claim {claims[i][2]}"
        if doc.frontmatter_raw is not None and line < doc.body_start_line:
            key = next((k for at, k in reversed(keys) if at <= line), None)
            return None, f"frontmatter, key {key}" if key else "frontmatter"
        title = next((t for at, t in reversed(sections) if at <= line), None)
        return None, f"section “{title}”" if title else "body"

    return locate
