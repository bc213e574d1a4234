"""REST shapes for the stored OOS (pydantic; separate from the ORM models). Constraints live in
the schema so clients and schemathesis know them; the services check every rule again."""
from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool
from typing_extensions import Annotated

from otp.org.schemas import NO_NUL, SOME_TEXT, Id, Int, JsonObject, Slug, Strict, keys_by_pattern

from .model import CONFIDENCE_LEVELS, EVIDENCE_TYPES, ORG_SIZES, STANDARD_SECTIONS
from .models import OOSVersion
from .store import MAX_TEXT

Section = Literal[STANDARD_SECTIONS]  # type: ignore[valid-type]
Confidence = Literal[CONFIDENCE_LEVELS]  # type: ignore[valid-type]
Evidence = Literal[EVIDENCE_TYPES]  # type: ignore[valid-type]
Size = Literal[ORG_SIZES]  # type: ignore[valid-type]
Tier = Literal["Platinum", "Gold", "Silver", "Bronze"]
Severity = Literal["critical", "high", "medium", "low"]
VERSION_PATTERN = r"^(draft|latest|[0-9]{1,9})$"
VersionRef = Annotated[str, Field(pattern=VERSION_PATTERN, description="draft, latest, or a version number")]
Document = Annotated[str, Field(max_length=MAX_TEXT, pattern=NO_NUL)]
# Stored text: no NUL (PostgreSQL text cannot hold one), and claim text has a visible character.
ClaimText = Annotated[str, Field(min_length=1, max_length=4000, pattern=SOME_TEXT)]
Provenance = Annotated[str, Field(max_length=4000, pattern=NO_NUL)]
Facet = Annotated[str, Field(min_length=1, max_length=100, pattern=NO_NUL)]


class VersionOut(BaseModel):
    id: str
    state: Literal["draft", "published"]
    number: int | None
    parent_version: int | None
    claim_count: int
    tier: str
    score: float
    org_pseudonym: str
    industry: str
    org_size: str
    updated_at: datetime
    updated_by: dict
    published_at: datetime | None
    published_by: dict | None

    @classmethod
    def of(cls, row: OOSVersion) -> "VersionOut":
        return cls(id=row.id, state=row.state, number=row.number, parent_version=row.parent_version,
                   claim_count=row.claim_count, tier=row.tier, score=row.score, org_pseudonym=row.pseudonym,
                   industry=row.industry, org_size=row.org_size, updated_at=row.updated_at,
                   updated_by=row.updated_by or {}, published_at=row.published_at, published_by=row.published_by)


class DocumentOut(VersionOut):
    """`text` (Markdown) when format=md, `document` (the oos+json form) when format=json."""

    text: str | None = None
    document: dict | None = None


BlockText = Annotated[str, Field(max_length=MAX_TEXT, pattern=NO_NUL)]
Short = Annotated[str, Field(max_length=32, pattern=NO_NUL)]


class TextBlockIn(Strict):
    type: Literal["text"]
    text: BlockText


class ClaimBlockIn(Strict):
    """A claim of the JSON form (what GET /draft?format=json and export?format=json give)."""

    type: Literal["claim"]
    id: Annotated[str, Field(max_length=64, pattern=NO_NUL)]
    section: Annotated[str, Field(max_length=120, pattern=NO_NUL)]
    rule: BlockText = ""
    why: BlockText = ""
    failure_mode: BlockText = ""
    confidence: Short = ""
    evidence: Short = ""
    scope: BlockText = ""
    provenance: BlockText | None = None
    extra: Annotated[dict[Annotated[str, Field(max_length=200, pattern=NO_NUL)], BlockText],
                     Field(json_schema_extra=keys_by_pattern)] = {}
    line: Int(1, 10**9) | None = None


class OOSJson(Strict):
    """The oos+json form: frontmatter mapping and the body as ordered text and claim blocks."""

    format: Literal["oos+json"] = "oos+json"
    format_version: Int(1, 1) = 1
    line_endings: Literal["lf", "crlf", "cr"] = "lf"
    byte_order_mark: StrictBool = False
    frontmatter: JsonObject = {}
    body: list[TextBlockIn | ClaimBlockIn] = []


ONE_OF_TEXT_OR_DOCUMENT = {"oneOf": [{"required": ["text"]}, {"required": ["document"]}]}


class DraftIn(Strict):
    """Exactly one of `text` (Markdown) or `document` (the oos+json form)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=ONE_OF_TEXT_OR_DOCUMENT)

    text: Document = None
    document: OOSJson = None


class ImportIn(Strict):
    """Exactly one of `text` (a Markdown OOS with format md, or a CLAUDE.md / AGENTS.md with format
    instructions) or `document` (the oos+json form; format is then ignored)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=ONE_OF_TEXT_OR_DOCUMENT)

    text: Document = None
    document: OOSJson = None
    format: Literal["md", "instructions"] = "md"
    acknowledge: StrictBool = Field(False, description="With publish: publish despite high privacy findings, on record")
    source: Annotated[str, Field(max_length=200, pattern=NO_NUL)] = ""
    publish: StrictBool = False


class ClaimIn(Strict):
    section: Section
    rule: ClaimText
    why: ClaimText
    failure_mode: ClaimText
    confidence: Confidence
    evidence: Evidence
    scope: ClaimText
    provenance: Provenance | None = None


class ClaimPatch(Strict):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"minProperties": 1})

    section: Section = None
    rule: ClaimText = None
    why: ClaimText = None
    failure_mode: ClaimText = None
    confidence: Confidence = None
    evidence: Evidence = None
    scope: ClaimText = None
    provenance: Provenance | None = None


class ClaimAdded(BaseModel):
    claim_id: str
    draft: VersionOut


class LearningIn(Strict):
    what_failed: Annotated[str, Field(max_length=4000, pattern=NO_NUL)] | None = None
    do_instead: ClaimText
    why: ClaimText
    agent_id: Id | None = None
    section: Section | None = None
    confidence: Confidence | None = None


class LearningOut(BaseModel):
    id: str
    claim_id: str | None
    section: str
    confidence: str
    evidence: str
    times_seen: int
    agent_id: str | None


class RedactIn(Strict):
    min_severity: Severity = "low"


class Redacted(BaseModel):
    redacted: int
    draft: VersionOut


class Fixed(BaseModel):
    fixed: list[str]  # "key: old -> new" for each declared count that was recomputed
    draft: VersionOut


class CheckIn(Strict):
    """An OOS to check without storing it: Markdown, or the JSON form as a JSON string."""

    text: Document


class VersionInfo(BaseModel):
    id: str
    state: Literal["draft", "published"]
    number: int | None
    parent_version: int | None


class PrivacyFinding(BaseModel):
    """A privacy scan finding as listed (otp.oos.findings.listed): placed and masked. The matched
    text is never part of it, so a response cannot echo the secret it reports."""

    severity: Severity
    kind: str
    line: int
    column: int
    claim: str | None = Field(description="Id of the claim the finding is in, if any.")
    place: str = Field(description="The claim, frontmatter key or section the finding sits in, or body.")
    excerpt: str = Field(description="The finding's line with every finding replaced by its placeholder.")
    replacement: str = Field(description="The placeholder that redaction puts in place of the finding.")


class Privacy(BaseModel):
    critical: bool
    findings: list[PrivacyFinding]  # in document order


class ScanOut(BaseModel):
    version: VersionInfo
    critical: bool
    findings: list[PrivacyFinding]  # in document order


class CheckOut(BaseModel):
    validation: dict
    quality: dict
    maturity: dict
    privacy: Privacy


class TextSide(Strict):
    text: Document


class OrgSide(Strict):
    org: Slug


class VersionSide(Strict):
    version: VersionRef


Side = TextSide | OrgSide | VersionSide


class OrgDiffIn(Strict):
    a: Side
    b: Side


Limit = Int(1, 200)
Offset = Int(0, 1_000_000)


class PublishIn(Strict):
    acknowledge: StrictBool = Field(False, description="Publish despite high privacy findings (names, emails); "
                                                 "the published event records who acknowledged which")
