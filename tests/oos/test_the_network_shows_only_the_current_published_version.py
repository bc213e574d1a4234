"""The network shows an opted-in organization's latest published OOS only: never its draft, never
a superseded version; and the size and tier facets filter documents."""
import uuid

from otp.oos.document import render

from .helpers import claim, valid_doc
from .kit import OOS

NETWORK = "/api/v1/network/oos"


def _doc(industry: str, rule: str) -> str:
    doc = valid_doc([claim(1, rule=rule), claim(2, section="failure_patterns"), claim(3)])
    doc.frontmatter.data.update(industry=industry, org_size="medium")
    return render(doc)


def test_drafts_and_superseded_versions_never_show(org):
    tag, old, new = (f"w{uuid.uuid4().hex[:10]}" for _ in range(3))
    org.ok("PATCH", f"/api/v1/organizations/{org.org_id}", {"settings": {"oos_public": True}})
    org.ok("POST", f"{OOS}/import", {"text": _doc(tag, f"Agents log every {old} run."), "publish": True}, status=201)
    org.ok("PUT", f"{OOS}/draft", {"text": _doc(tag, f"Agents log every {new} run.")})
    assert org.ok("GET", NETWORK, params={"q": new})["total_claims"] == 0      # only in the draft
    assert org.ok("GET", NETWORK, params={"q": old})["total_claims"] == 1
    org.ok("POST", f"{OOS}/publish", status=201)
    assert org.ok("GET", NETWORK, params={"q": old})["total_claims"] == 0      # superseded by version 2
    found = org.ok("GET", NETWORK, params={"q": new})
    assert [(d["org_slug"], d["version"]) for d in found["documents"]] == [(org.slug, 2)]


def test_size_and_tier_facets_filter_documents(org):
    tag = f"ind-{uuid.uuid4().hex[:8]}"
    org.ok("PATCH", f"/api/v1/organizations/{org.org_id}", {"settings": {"oos_public": True}})
    org.ok("POST", f"{OOS}/import", {"text": _doc(tag, "Agents log every run."), "publish": True}, status=201)
    result = org.ok("GET", NETWORK, params={"industry": tag, "size": "medium", "tier": "Silver"})
    assert result["total_documents"] == 1 and result["facets"]["size"] == {"medium": 1}
    assert result["facets"]["tier"] == {"Silver": 1}
    assert org.ok("GET", NETWORK, params={"industry": tag, "size": "small"})["total_documents"] == 0
    assert org.ok("GET", NETWORK, params={"industry": tag, "tier": "Gold"})["total_documents"] == 0
