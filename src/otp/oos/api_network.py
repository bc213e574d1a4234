"""REST face for the network: the published OOS of organizations that opted in (oos_public)."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from otp.api.deps import ActorDep, DbDep, no_unknown_query
from otp.api.errors import READ, READ_ONE, responses

from . import network
from .schemas import Confidence, Evidence, Facet, Limit, Offset, Section, Size, Tier

router = APIRouter(prefix="/api/v1/network", tags=["network"], dependencies=[Depends(no_unknown_query)])


@router.get("/oos", responses=responses(*READ))
def search(actor: ActorDep, db: DbDep,
           q: Annotated[str | None, Query(max_length=200)] = None,
           industry: Annotated[Facet | None, Query()] = None, size: Annotated[Size | None, Query()] = None,
           section: Annotated[Section | None, Query()] = None,
           confidence: Annotated[Confidence | None, Query()] = None,
           evidence: Annotated[Evidence | None, Query()] = None, tier: Annotated[Tier | None, Query()] = None,
           limit: Annotated[Limit, Query()] = 50, offset: Annotated[Offset, Query()] = 0) -> dict:
    """Search the published OOS of opted-in organizations: every word of `q` must occur in a claim;
    facets (industry, size, tier count documents; section, confidence, evidence count claims)."""
    filters = {"industry": industry, "size": size, "section": section, "confidence": confidence,
               "evidence": evidence, "tier": tier}
    with db.read() as s:
        return network.search(s, q=q, filters=filters, limit=limit, offset=offset)


@router.get("/oos/{org_slug}", responses=responses(*READ_ONE))
def public_document(org_slug: str, actor: ActorDep, db: DbDep) -> dict:
    """The latest published OOS of one opted-in organization (404 for private or unknown ones)."""
    with db.read() as s:
        version, org = network.public_document(s, org_slug)
        return {**network.document_out(version, org), "text": version.text}
