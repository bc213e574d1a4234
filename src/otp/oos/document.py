"""Parse and render OOS Markdown documents.

An OOS document is YAML frontmatter between `---` lines followed by a Markdown body. In the
body, a claim is a header line `**[C001]** section_name` followed by bullet fields
(`- **Rule:** ...`). Everything else in the body is kept verbatim as text blocks.

Rendering reuses the original text of every untouched part (frontmatter keys, claims, prose),
so `render(parse(text)) == text` for an unedited document, and an edit changes only the lines
it has to. Lines written afresh end the way the document's lines do (LF, CRLF or CR).
"""
from __future__ import annotations

import re

from . import frontmatter as fm
from .frontmatter import OOSParseError
from .model import (
    ATTR_TO_LABEL, CLAIM_FIELDS, LABEL_TO_ATTR, STANDARD_SECTIONS, Claim, Frontmatter,
    OOSDocument, TextBlock, _heading, section_key,
)

__all__ = ["parse", "render", "render_body", "render_claim", "next_claim_id", "OOSParseError"]

# `**[C001]** core_operating_rules` — the id is captured loosely so that a malformed id
# ("C12345", "X7") still parses as a claim and the validator can report it with its line.
CLAIM_HEADER = re.compile(r"^\*\*\[(?P<id>[^\]\s]*)\]\*\*[ \t]*(?P<section>.*?)\s*$")
# `- **Rule:** text` (spec style) or `- **Rule**: text`.
CLAIM_FIELD = re.compile(r"^[-*][ \t]+\*\*(?P<label>[^*\n]+?)(?::\*\*|\*\*:)[ \t]?(?P<value>.*?)\s*$")
_FENCE = re.compile(r"^---[ \t]*\r?\n?$")
_LINE_END = re.compile(r"\r\n|\r|\n")


def parse(text: str) -> OOSDocument:
    """Parse OOS Markdown. Raises OOSParseError only when the frontmatter is unreadable."""
    doc = OOSDocument()
    if text.startswith("\ufeff"):  # editors on Windows save UTF-8 with a BOM; the --- fence follows it
        doc.bom, text = "\ufeff", text[1:]
    first_end = _LINE_END.search(text)
    doc.newline = first_end.group() if first_end else "\n"
    lines = text.splitlines(keepends=True)
    body_index = 0
    if lines and _FENCE.match(lines[0]):
        close = next((i for i in range(1, len(lines)) if _FENCE.match(lines[i])), None)
        if close is None:
            raise OOSParseError("frontmatter opened with --- is never closed by a --- line", 1)
        raw = "".join(lines[1:close])
        data, key_lines, chunks = fm.load(raw, first_line=2)
        doc.frontmatter = Frontmatter(data)
        doc.frontmatter_raw = raw
        doc.frontmatter_lines = key_lines
        doc._frontmatter_parsed = fm.snapshot(data)
        doc._frontmatter_chunks = chunks
        doc.fences = (lines[0], lines[close])
        body_index = close + 1
    doc.body_start_line = body_index + 1
    doc.blocks = _parse_body(lines[body_index:], first_line=body_index + 1)
    return doc


def _parse_body(lines: list[str], first_line: int) -> list:
    blocks: list = []
    text: list[str] = []
    text_line = first_line
    current_heading_section = ""  # a standard-section heading gives claims a default section
    i = 0
    while i < len(lines):
        line = lines[i]
        header = CLAIM_HEADER.match(line)
        if header is None:
            heading = _heading(line)
            if heading:
                key = section_key(heading[1])
                current_heading_section = key if key in STANDARD_SECTIONS else ""
            if not text:
                text_line = first_line + i
            text.append(line)
            i += 1
            continue
        if text:
            blocks.append(TextBlock("".join(text), text_line))
            text = []
        claim, i = _parse_claim(lines, i, first_line, current_heading_section)
        blocks.append(claim)
    if text:
        blocks.append(TextBlock("".join(text), text_line))
    return blocks


def _parse_claim(lines: list[str], start: int, first_line: int, default_section: str) -> tuple[Claim, int]:
    header = CLAIM_HEADER.match(lines[start])
    assert header is not None
    written_section = header.group("section")
    claim = Claim(id=header.group("id"),
                  section=section_key(written_section) if written_section else default_section,
                  line=first_line + start)
    values: dict[str, str] = {}
    current: str | None = None  # attr or extra label receiving continuation lines
    i = start + 1
    while i < len(lines):
        line = lines[i]
        match = CLAIM_FIELD.match(line)
        if match:
            label = match.group("label").strip()
            attr = LABEL_TO_ATTR.get(label.lower())
            key = attr if attr and attr not in values else label
            if key in claim.extra or (key == label and key in values):
                key = f"{label} ({i + first_line})"  # a repeated unknown label: keep both
            values[key] = match.group("value")
            claim.field_lines[key] = first_line + i
            current = key
        elif current is not None and line.strip() and line[:1] in (" ", "\t"):
            values[current] += "\n" + line.strip()  # indented continuation of a long field
        else:
            break
        i += 1
    for key, value in values.items():
        if key in ATTR_TO_LABEL:
            setattr(claim, key, value)
        else:
            claim.extra[key] = value
    claim.raw = "".join(lines[start:i])
    claim._parsed = claim.values()
    return claim, i


def render(doc: OOSDocument) -> str:
    """Markdown text of the document; unchanged parts are emitted byte-for-byte."""
    out = [doc.bom]
    data = doc.frontmatter.data
    if doc.frontmatter_raw is not None or data:
        body = fm.render(data, doc.frontmatter_raw, doc._frontmatter_parsed, doc._frontmatter_chunks, doc.newline)
        if body and not body.endswith(("\n", "\r")):
            body += doc.newline
        opening, closing = doc.fences or ("---" + doc.newline,) * 2
        out += [opening, body, closing]
    out.append(render_body(doc))
    return "".join(out)


def render_body(doc: OOSDocument) -> str:
    parts = []
    for block in doc.blocks:
        parts.append(block.text if isinstance(block, TextBlock) else render_claim(block, doc.newline))
    return "".join(parts)


def render_claim(claim: Claim, newline: str = "\n") -> str:
    """The claim's Markdown: its original text if unedited, else the canonical form with lines
    ending in `newline` (field values hold "\n" between continuation lines, whatever the file used)."""
    if claim.is_unchanged:
        return claim.raw or ""
    out = [f"**[{claim.id}]** {claim.section}".rstrip() + newline]
    for label, attr in CLAIM_FIELDS:
        value = getattr(claim, attr)
        if attr == "provenance" and value is None:
            continue
        out.append(_field_line(label, value or "", newline))
    for label, value in claim.extra.items():
        out.append(_field_line(label.split(" (")[0] if label.endswith(")") else label, value, newline))
    return "".join(out)


def _field_line(label: str, value: str, newline: str) -> str:
    first, *rest = value.split("\n") if value else [""]
    line = f"- **{label}:**" + (f" {first}" if first else "") + newline
    return line + "".join(f"  {more}{newline}" for more in rest)


def next_claim_id(doc: OOSDocument) -> str:
    """The next free id in the C001 style (one past the highest numeric id present)."""
    highest = 0
    for claim in doc.claims:
        match = re.fullmatch(r"C(\d{1,4})", claim.id)
        if match:
            highest = max(highest, int(match.group(1)))
    return f"C{highest + 1:03d}"
