"""The network inside one instance: the latest published OOS of every organization that opted in
(org setting `oos_public` = true) can be browsed and searched by any signed-in member.

Visibility is decided in one place (`public_versions`) and every query starts from its answer,
so a private organization cannot leak through a facet count or a search hit. Full text is
LIKE over a lower-cased column: identical on SQLite and PostgreSQL, and fast enough for the
thousands of claims one instance holds.
"""
from __future__ import annotations

from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.core.errors import NotFound
from otp.core.types import iso
from otp.org.models import Organization

from .models import OOSClaim, OOSVersion

DOC_FACETS = {"industry": "industry", "size": "org_size", "tier": "tier"}
CLAIM_FACETS = {"section": "section", "confidence": "confidence", "evidence": "evidence"}
MAX_TERMS = 12


def is_public(org: Organization) -> bool:
    return (org.settings or {}).get("oos_public") is True  # strictly true: "yes" or 1 do not opt in


def public_versions(session: Session) -> dict[str, tuple[OOSVersion, Organization]]:
    rows = session.execute(select(OOSVersion, Organization).join(Organization, Organization.id == OOSVersion.org_id)
                           .where(OOSVersion.current.is_(True), OOSVersion.state == "published")).all()
    return {v.id: (v, o) for v, o in rows if is_public(o)}


def _escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def document_out(version: OOSVersion, org: Organization) -> dict:
    return {"org_slug": org.slug, "org_pseudonym": version.pseudonym, "industry": version.industry,
            "org_size": version.org_size, "tier": version.tier, "score": round(version.score, 3),
            "version": version.number, "published_at": iso(version.published_at), "claim_count": version.claim_count}


def search(session: Session, *, q: str | None = None, filters: dict[str, str | None] | None = None,
           limit: int = 50, offset: int = 0) -> dict:
    """Documents and claims matching every given term and filter, with facet counts.

    Facets count over the matches: document facets (industry, size, tier) count documents,
    claim facets (section, confidence, evidence) count claims."""
    filters = {k: v for k, v in (filters or {}).items() if v not in (None, "")}
    visible = public_versions(session)
    docs = {vid: pair for vid, pair in visible.items()
            if all(getattr(pair[0], DOC_FACETS[k]) == v for k, v in filters.items() if k in DOC_FACETS)}
    terms = [t for t in (q or "").lower().split() if t][:MAX_TERMS]
    claims: list[OOSClaim] = []
    if docs:
        query = select(OOSClaim).where(OOSClaim.version_id.in_(list(docs)))
        for term in terms:
            query = query.where(OOSClaim.search_text.like(f"%{_escape(term)}%", escape="\\"))
        for key, column in CLAIM_FACETS.items():
            if key in filters:
                query = query.where(getattr(OOSClaim, column) == filters[key])
        claims = list(session.execute(query.order_by(OOSClaim.version_id, OOSClaim.position)).scalars())
    if terms or any(k in filters for k in CLAIM_FACETS):  # a claim-level question: only documents that answer it
        docs = {vid: pair for vid, pair in docs.items() if any(c.version_id == vid for c in claims)}
    matched = Counter(c.version_id for c in claims)
    ordered = sorted(docs.values(), key=lambda p: (-matched.get(p[0].id, 0), p[0].pseudonym, p[1].slug))
    facets = {key: dict(Counter(getattr(v, column) for v, _ in docs.values()).most_common())
              for key, column in DOC_FACETS.items()}
    facets.update({key: dict(Counter(getattr(c, column) for c in claims).most_common())
                   for key, column in CLAIM_FACETS.items()})
    return {"total_documents": len(docs), "total_claims": len(claims),
            "documents": [{**document_out(v, o), "matching_claims": matched.get(v.id, 0)}
                          for v, o in ordered[offset:offset + limit]],
            "claims": [{"org_slug": visible[c.version_id][1].slug, "org_pseudonym": visible[c.version_id][0].pseudonym,
                        "id": c.claim_id, "section": c.section, "rule": c.rule, "why": c.why,
                        "failure_mode": c.failure_mode, "confidence": c.confidence, "evidence": c.evidence,
                        "scope": c.scope} for c in claims[offset:offset + limit]],
            "facets": facets}


def public_document(session: Session, slug: str) -> tuple[OOSVersion, Organization]:
    """The latest published OOS of an opted-in organization; private ones answer 404 like unknown ones."""
    for version, org in public_versions(session).values():
        if org.slug == slug:
            return version, org
    raise NotFound(f"no public OOS for organization {slug!r}", field="org_slug")
