"""REST face for the organization's OOS. Thin: parse, call a service, render."""
from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from otp.api.deps import ActorDep, DbDep, no_unknown_query
from otp.api.errors import READ, READ_ONE, WRITE, responses
from otp.core.errors import Invalid
from otp.governance.schemas import may_ask
from otp.org.models import Organization

from . import compare, drafts, learning, live, publish as publishing, store
from .api_network import router as router_network  # noqa: F401 - discovered by name (router*)
from .files import dumps
from .jsonform import to_dict
from .schemas import (PublishIn, CheckIn, CheckOut, ClaimAdded, ClaimIn, ClaimPatch, DocumentOut, DraftIn, Fixed, ImportIn,
                      LearningIn, LearningOut, OrgDiffIn, Redacted, RedactIn, ScanOut, VersionOut, VersionRef)

router = APIRouter(prefix="/api/v1/oos", tags=["oos"], dependencies=[Depends(no_unknown_query)])
Format = Annotated[str, Query(pattern="^(md|json)$")]
Version = Annotated[VersionRef | None, Query()]
EXPORT_CONTENT = {200: {"description": "The document", "content": {
    "text/markdown": {"schema": {"type": "string"}}, "application/json": {"schema": {"type": "object"}}}}}


def _document(row, fmt: str) -> DocumentOut:
    out = DocumentOut(**VersionOut.of(row).model_dump())
    if fmt == "json":
        out.document = to_dict(store.document_of(row))
    else:
        out.text = row.text
    return out


@router.get("/draft", responses=responses(*READ_ONE))
def get_draft(actor: ActorDep, db: DbDep, format: Format = "md") -> DocumentOut:
    """The working draft, as Markdown (`text`) or the JSON form (`document`)."""
    with db.read() as s:
        return _document(store.resolve(s, actor.org_id, "draft"), format)


@router.put("/draft", responses=may_ask(*WRITE))
def put_draft(body: DraftIn, actor: ActorDep, db: DbDep) -> VersionOut:
    """Replace the draft: `{"text": Markdown}` or `{"document": oos+json}`."""
    document = body.document.model_dump(exclude_unset=True) if body.document is not None else None
    with db.write() as s:
        return VersionOut.of(drafts.replace_draft(s, actor, text=body.text, document=document))


@router.post("/draft/claims", status_code=201, responses=may_ask(*WRITE))
def add_claim(body: ClaimIn, actor: ActorDep, db: DbDep) -> ClaimAdded:
    with db.write() as s:
        row, claim_id = drafts.add_claim(s, actor, claim=body.model_dump(exclude_none=True))
        return ClaimAdded(claim_id=claim_id, draft=VersionOut.of(row))


@router.patch("/draft/claims/{claim_id}", responses=may_ask(*WRITE))
def edit_claim(claim_id: str, body: ClaimPatch, actor: ActorDep, db: DbDep) -> VersionOut:
    with db.write() as s:
        return VersionOut.of(drafts.edit_claim(s, actor, claim_id=claim_id, changes=body.model_dump(exclude_unset=True)))


@router.delete("/draft/claims/{claim_id}", responses=may_ask(*WRITE))
def remove_claim(claim_id: str, actor: ActorDep, db: DbDep) -> VersionOut:
    with db.write() as s:
        return VersionOut.of(drafts.remove_claim(s, actor, claim_id=claim_id))


@router.post("/draft/fix", responses=may_ask(*WRITE))
def fix_draft(actor: ActorDep, db: DbDep) -> Fixed:
    """Recompute the declared counts (claim_count, distributions, word_count) from the claims."""
    with db.write() as s:
        row, changes = drafts.fix_draft(s, actor)
        return Fixed(fixed=changes, draft=VersionOut.of(row))


@router.post("/import", status_code=201, responses=may_ask(*WRITE))
def import_document(body: ImportIn, actor: ActorDep, db: DbDep) -> VersionOut:
    """An OOS (Markdown `text`, or the JSON form as `document`) or a CLAUDE.md/AGENTS.md (`text` with
    format=instructions) becomes the draft; `publish` publishes it in the same step."""
    with db.write() as s:
        if (body.text is None) == (body.document is None):
            raise Invalid("give exactly one of text or document", field="text")
        if body.document is not None:
            text, fmt = json.dumps(body.document.model_dump(exclude_unset=True)), "json"
        else:
            text, fmt = body.text, body.format
        row = drafts.import_document(s, actor, text=text, format=fmt, source=body.source)
        if body.publish:
            row = publishing.publish(s, actor, acknowledge=body.acknowledge)
        return VersionOut.of(row)


@router.get("/export", responses={**responses(*READ_ONE), **EXPORT_CONTENT}, response_class=Response)
def export(actor: ActorDep, db: DbDep, version: Version = None, format: Format = "md") -> Response:
    """Any version as a file: Markdown (byte for byte as stored) or the JSON form. Default: the draft."""
    with db.read() as s:
        row = store.resolve(s, actor.org_id, version)
        slug = s.get(Organization, actor.org_id).slug
    name = f"{slug}-{'draft' if row.number is None else f'v{row.number}'}.oos.{format}"
    body = row.text if format == "md" else dumps(store.document_of(row), "json")
    return Response(body, media_type="text/markdown; charset=utf-8" if format == "md" else "application/json",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.post("/generate", responses=may_ask(*WRITE))
def generate(actor: ActorDep, db: DbDep) -> VersionOut:
    """Replace the draft with the OOS generated from the live organization (learnings are kept)."""
    with db.write() as s:
        return VersionOut.of(drafts.generate_draft(s, actor))


@router.post("/learnings", status_code=201, responses=may_ask(*WRITE))
def capture_learning(body: LearningIn, actor: ActorDep, db: DbDep) -> LearningOut:
    """What failed, what to do instead and why: a claim in the draft, with provenance."""
    with db.write() as s:
        row = learning.capture_learning(s, actor, **body.model_dump())
        return LearningOut(id=row.id, claim_id=row.claim_id, section=row.section, confidence=row.confidence,
                           evidence="OBSERVED_REPEATEDLY" if row.times_seen > 1 else "OBSERVED_ONCE",
                           times_seen=row.times_seen, agent_id=row.agent_id)


@router.post("/publish", status_code=201, responses=may_ask(*WRITE))
def publish(actor: ActorDep, db: DbDep, body: PublishIn | None = None) -> VersionOut:
    """Freeze the draft as the next version (409 while critical privacy findings remain; 409 naming
    `acknowledge` while high ones remain and are not acknowledged)."""
    with db.write() as s:
        return VersionOut.of(publishing.publish(s, actor, acknowledge=body.acknowledge if body else False))


@router.post("/redact", responses=may_ask(*WRITE))
def redact(actor: ActorDep, db: DbDep, body: RedactIn | None = None) -> Redacted:
    """Replace privacy findings at or above `min_severity` in the draft with placeholders."""
    with db.write() as s:
        row, count = drafts.redact_draft(s, actor, min_severity=(body or RedactIn()).min_severity)
        return Redacted(redacted=count, draft=VersionOut.of(row))


@router.get("/versions", responses=responses(*READ))
def versions(actor: ActorDep, db: DbDep) -> list[VersionOut]:
    """Published versions, newest first, then the draft."""
    with db.read() as s:
        return [VersionOut.of(r) for r in store.versions(s, actor.org_id)]


@router.get("/validate", responses=responses(*READ_ONE))
def validate(actor: ActorDep, db: DbDep, version: Version = None) -> dict:
    with db.read() as s:
        return live.validation(s, actor.org_id, version)


@router.get("/score", responses=responses(*READ_ONE))
def score(actor: ActorDep, db: DbDep, version: Version = None) -> dict:
    with db.read() as s:
        return live.quality(s, actor.org_id, version)


@router.get("/maturity", responses=responses(*READ_ONE))
def maturity(actor: ActorDep, db: DbDep, version: Version = None) -> dict:
    """Agentic maturity L1-L8 from the document and what the platform observes, with evidence."""
    with db.read() as s:
        return live.maturity(s, actor.org_id, version)


@router.get("/scan", responses=responses(*READ_ONE))
def scan(actor: ActorDep, db: DbDep, version: Version = None) -> ScanOut:
    """Privacy findings, including names of the organization's people, in document order: each
    placed (claim, frontmatter key or section) with its redacted line, never the matched text."""
    with db.read() as s:
        return live.privacy(s, actor.org_id, version)


@router.post("/check", responses=responses(*WRITE))
def check(body: CheckIn, actor: ActorDep, db: DbDep) -> CheckOut:
    """Validate, score, assess and scan a document without storing it (what `otp oos validate|score|scan
    FILE` do for a file); the scan also protects this organization's people."""
    with db.read() as s:
        return live.check_text(s, actor.org_id, body.text)


@router.get("/diff", responses=responses(*READ_ONE))
def diff_versions(actor: ActorDep, db: DbDep, from_: Annotated[VersionRef, Query(alias="from")] = "latest",
                  to: Annotated[VersionRef, Query()] = "draft") -> dict:
    """Version against version: claims added, removed, modified (field by field)."""
    with db.read() as s:
        return live.version_diff(s, actor.org_id, from_, to)


@router.post("/diff", responses=responses(*WRITE))
def diff_orgs(body: OrgDiffIn, actor: ActorDep, db: DbDep) -> dict:
    """Organization against organization by claim similarity (DUPLICATE, SIMILAR, UNIQUE_TO_A/B)."""
    with db.read() as s:
        return compare.compare(s, actor, body.a.model_dump(), body.b.model_dump())
