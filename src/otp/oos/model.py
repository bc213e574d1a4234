"""The OOS data model: frontmatter, claims and body blocks.

The model is deliberately *lossless*: everything the parser does not understand is kept
(unknown frontmatter keys, unknown claim fields, free prose), because an OOS written by one
tool must survive a round trip through another without losing a word.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

STANDARD_SECTIONS: tuple[str, ...] = (
    "core_operating_rules",
    "agent_roles_and_authority",
    "coordination_patterns",
    "operational_heuristics",
    "failure_patterns",
    "human_ai_boundary_conditions",
)
CONFIDENCE_LEVELS: tuple[str, ...] = ("HIGH", "MEDIUM", "LOW")
EVIDENCE_TYPES: tuple[str, ...] = (
    "MEASURED_RESULT",
    "OBSERVED_REPEATEDLY",
    "OBSERVED_ONCE",
    "HUMAN_DEFINED_RULE",
    "INFERENCE",
    "SPECULATION",
)
ORG_SIZES: tuple[str, ...] = ("solo", "small", "medium", "large", "enterprise")
TEMPLATES: tuple[str, ...] = ("agent_army", "value_chain", "org_chart")

# Claim bullet labels as written in Markdown, mapped to attribute names. The order is the
# canonical order used when a claim has to be (re)written from scratch.
CLAIM_FIELDS: tuple[tuple[str, str], ...] = (
    ("Rule", "rule"),
    ("Why", "why"),
    ("Failure mode", "failure_mode"),
    ("Confidence", "confidence"),
    ("Evidence", "evidence"),
    ("Scope", "scope"),
    ("Provenance", "provenance"),
)
LABEL_TO_ATTR = {label.lower(): attr for label, attr in CLAIM_FIELDS}
LABEL_TO_ATTR.update({"evidence type": "evidence", "failure_mode": "failure_mode", "failure": "failure_mode"})
ATTR_TO_LABEL = {attr: label for label, attr in CLAIM_FIELDS}
REQUIRED_CLAIM_ATTRS: tuple[str, ...] = ("rule", "why", "failure_mode", "confidence", "evidence", "scope")


def section_key(text: str) -> str:
    """Normalise a section name: 'Human-AI Boundary Conditions' -> 'human_ai_boundary_conditions'."""
    out = []
    for ch in text.strip().lower():
        out.append(ch if ch.isalnum() else "_")
    return "_".join(p for p in "".join(out).split("_") if p)


class _Field:
    """A typed view of one frontmatter key; the dict stays the single source of truth."""

    def __init__(self, key: str, kind: type | tuple[type, ...]):
        self.key, self.kind = key, kind

    def __get__(self, obj: "Frontmatter | None", owner: type) -> Any:
        if obj is None:
            return self
        value = obj.data.get(self.key)
        # Return the value only when it has the declared type: a wrong type is a validation
        # finding, not something accessors should silently coerce.
        if isinstance(value, bool) or not isinstance(value, self.kind):
            return None
        return value

    def __set__(self, obj: "Frontmatter", value: Any) -> None:
        obj.data[self.key] = value


@dataclass
class Frontmatter:
    """YAML frontmatter; `data` keeps every key in file order, typed properties read it."""

    data: dict[str, Any] = field(default_factory=dict)

    oos_version = _Field("oos_version", str)
    org_pseudonym = _Field("org_pseudonym", str)
    industry = _Field("industry", str)
    org_size = _Field("org_size", str)
    template = _Field("template", str)
    agent_count = _Field("agent_count", int)
    platforms = _Field("platforms", list)
    generated_at = _Field("generated_at", str)
    version = _Field("version", int)
    parent_version = _Field("parent_version", (int, str))
    word_count = _Field("word_count", int)
    claim_count = _Field("claim_count", int)
    confidence_distribution = _Field("confidence_distribution", dict)
    evidence_distribution = _Field("evidence_distribution", dict)
    org_id = _Field("org_id", (str, int))
    entities = _Field("entities", (list, dict))
    mcp_servers = _Field("mcp_servers", (list, dict))

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def __contains__(self, key: str) -> bool:
        return key in self.data


@dataclass
class Claim:
    """One claim. `extra` keeps unknown bullet fields (label -> value) in file order."""

    id: str
    section: str
    rule: str = ""
    why: str = ""
    failure_mode: str = ""
    confidence: str = ""
    evidence: str = ""
    scope: str = ""
    provenance: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    line: int | None = None  # 1-based source line of the `**[Cnnn]**` header
    field_lines: dict[str, int] = field(default_factory=dict)  # attr or extra label -> line
    # Original Markdown and the values it was parsed into: render() reuses the text
    # byte-for-byte while the values are unchanged.
    raw: str | None = field(default=None, repr=False, compare=False)
    _parsed: tuple | None = field(default=None, repr=False, compare=False)

    def values(self) -> tuple:
        """Everything that defines the claim's content (not its position)."""
        return (self.id, self.section, self.rule, self.why, self.failure_mode, self.confidence,
                self.evidence, self.scope, self.provenance, tuple(self.extra.items()))

    def content_equal(self, other: "Claim") -> bool:
        return self.values() == other.values()

    @property
    def is_unchanged(self) -> bool:
        return self.raw is not None and self._parsed == self.values()


@dataclass
class TextBlock:
    """Verbatim body text between claims (headings, prose, tables, blank lines)."""

    text: str
    line: int | None = None


Block = TextBlock | Claim


@dataclass
class Section:
    """A Markdown heading in the body and the prose under it (claims excluded)."""

    title: str
    level: int
    line: int | None
    text: str

    @property
    def key(self) -> str:
        return section_key(self.title)

    @property
    def is_standard(self) -> bool:
        return self.key in STANDARD_SECTIONS


@dataclass
class OOSDocument:
    frontmatter: Frontmatter = field(default_factory=Frontmatter)
    blocks: list[Block] = field(default_factory=list)
    # Original frontmatter text and parsed snapshot, for byte-exact rendering.
    frontmatter_raw: str | None = field(default=None, repr=False)
    frontmatter_lines: dict[str, int] = field(default_factory=dict)  # "key" / "key.sub" -> line
    body_start_line: int = 1
    fences: tuple[str, str] | None = None  # the --- lines as read; None: "---" + newline
    bom: str = ""  # a leading U+FEFF byte order mark, kept so rendering gives the file back as read
    # The line ending of the document ("\n", "\r\n" or "\r"; a mixed file: its first one). Parts
    # written afresh (edited or JSON-form claims, frontmatter, fences) use it, so they match the rest.
    newline: str = "\n"
    _frontmatter_parsed: Any = field(default=None, repr=False)
    _frontmatter_chunks: list = field(default_factory=list, repr=False)

    @property
    def claims(self) -> list[Claim]:
        return [b for b in self.blocks if isinstance(b, Claim)]

    def claim(self, claim_id: str) -> Claim | None:
        return next((c for c in self.claims if c.id == claim_id), None)

    def claims_by_section(self) -> dict[str, list[Claim]]:
        out: dict[str, list[Claim]] = {s: [] for s in STANDARD_SECTIONS}
        for c in self.claims:
            out.setdefault(c.section, []).append(c)
        return out

    def body_text(self) -> str:
        from .document import render_body  # local import: rendering lives in document.py

        return render_body(self)

    def sections(self) -> list[Section]:
        """Headings of the body in order, each with its verbatim prose (claims left out)."""
        out: list[Section] = []
        current: Section | None = None
        for block in self.blocks:
            if not isinstance(block, TextBlock):
                continue
            for offset, line in enumerate(block.text.splitlines(keepends=True)):
                heading = _heading(line)
                if heading:
                    lineno = block.line + offset if block.line is not None else None
                    current = Section(heading[1], heading[0], lineno, "")
                    out.append(current)
                elif current is not None:
                    current.text += line
        return out

    def add_claim(self, claim: Claim) -> Claim:
        """Append a claim after the last claim of its section (or of any section)."""
        from .document import next_claim_id

        if not claim.id:
            claim.id = next_claim_id(self)
        index = _insert_index(self.blocks, claim.section)
        if index is None:  # no claims at all: append at the end of the body
            if self.blocks and isinstance(self.blocks[-1], TextBlock):
                tail = self.blocks[-1].text
                if tail and not tail.endswith(("\n", "\r")):
                    self.blocks[-1].text = tail + self.newline
            self.blocks += [TextBlock(self.newline), claim]
        else:
            self.blocks[index + 1:index + 1] = [TextBlock(self.newline), claim]
        return claim

    def remove_claim(self, claim_id: str) -> bool:
        for i, block in enumerate(self.blocks):
            if isinstance(block, Claim) and block.id == claim_id:
                del self.blocks[i]
                # Drop the blank separator that belonged to the claim, keep other text.
                if i > 0 and isinstance(self.blocks[i - 1], TextBlock) and self.blocks[i - 1].text in ("\n", self.newline):
                    del self.blocks[i - 1]
                return True
        return False

    def iter_claims(self) -> Iterator[Claim]:
        return iter(self.claims)


def _heading(line: str) -> tuple[int, str] | None:
    stripped = line.rstrip("\r\n")
    if not stripped.startswith("#"):
        return None
    hashes = len(stripped) - len(stripped.lstrip("#"))
    if hashes > 6 or (len(stripped) > hashes and stripped[hashes] != " "):
        return None
    return hashes, stripped[hashes:].strip()


def _insert_index(blocks: list[Block], section: str) -> int | None:
    last_any = last_same = None
    for i, block in enumerate(blocks):
        if isinstance(block, Claim):
            last_any = i
            if block.section == section:
                last_same = i
    return last_same if last_same is not None else last_any
