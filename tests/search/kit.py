"""Helpers for the search tests: what the service finds for a caller, in a line."""
from __future__ import annotations

from sqlalchemy import select

from otp.auth.tokens import person_actor
from otp.search.models import SearchEntry
from otp.search.query import search
from tests.helpers import OrgKit


def owner(org: OrgKit, s):
    return person_actor(s, org.owner_id, org.org_id)


def find(org: OrgKit, q: str, **kw) -> dict[str, list[str]]:
    """{kind: [titles, best first]} as the organization's owner sees them."""
    with org.db.read() as s:
        results = search(s, owner(org, s), q=q, **kw)
    return {g.kind: [h.title for h in g.items] for g in results.groups}


def titles(org: OrgKit, q: str, **kw) -> list[str]:
    return [t for group in find(org, q, **kw).values() for t in group]


def entries(org: OrgKit) -> dict[str, tuple[str, str]]:
    """Every entry of the organization: {ref_id: (kind, title)}."""
    with org.db.read() as s:
        rows = s.execute(select(SearchEntry).where(SearchEntry.org_id == org.org_id)).scalars()
        return {r.ref_id: (r.kind, r.title) for r in rows}
