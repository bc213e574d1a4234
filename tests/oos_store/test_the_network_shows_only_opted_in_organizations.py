from tests.helpers import OrgKit

from .kit import import_text, new_tag, set_settings, tagged_doc

NETWORK = "/api/v1/network/oos"


def _two_orgs(org, tag):
    other = OrgKit.create(org.db, org.client)
    import_text(org, tagged_doc(tag), publish=True)
    import_text(other, tagged_doc(tag, rule="Private rule about the secret sauce."), publish=True)
    set_settings(org, oos_public=True)
    return other


def test_a_private_organization_never_appears_in_search_facets_or_detail(org):
    tag = new_tag()
    other = _two_orgs(org, tag)
    result = org.ok("GET", NETWORK, params={"industry": tag})
    assert [d["org_slug"] for d in result["documents"]] == [org.slug]
    assert result["facets"]["industry"] == {tag: 1} and result["total_claims"] == 3
    assert org.ok("GET", NETWORK, params={"q": "secret sauce"})["total_claims"] == 0
    assert org.get(f"{NETWORK}/{other.slug}").status_code == 404
    assert other.get(f"{NETWORK}/{other.slug}").status_code == 404  # not even to itself


def test_only_a_literal_true_opts_in(org):
    """The settings API refuses a non-boolean opt-in; a truthy value stored before that check
    existed (written straight to the row) still keeps the organization private."""
    from otp.org.models import Organization

    tag = new_tag()
    import_text(org, tagged_doc(tag), publish=True)
    refused = org.call("PATCH", f"/api/v1/organizations/{org.org_id}", {"settings": {"oos_public": "yes"}})
    assert refused.status_code == 422 and "oos_public" in refused.json()["error"]["field"]
    with org.db.write() as s:
        row = s.get(Organization, org.org_id)
        row.settings = {**(row.settings or {}), "oos_public": "yes"}
    assert org.ok("GET", NETWORK, params={"industry": tag})["total_documents"] == 0


def test_full_text_search_matches_every_word_and_facets_count_the_hits(org):
    tag = new_tag()
    _two_orgs(org, tag)
    result = org.ok("GET", NETWORK, params={"q": f"MEASURE {tag}", "industry": tag})
    assert [c["rule"] for c in result["claims"]] == [f"Measure the {tag} funnel weekly."]
    assert result["facets"]["evidence"] == {"MEASURED_RESULT": 1} and result["documents"][0]["matching_claims"] == 1


def test_claim_facets_filter_by_section_and_confidence(org):
    tag = new_tag()
    _two_orgs(org, tag)
    result = org.ok("GET", NETWORK, params={"industry": tag, "section": "failure_patterns", "confidence": "LOW"})
    assert [c["id"] for c in result["claims"]] == ["C002"] and result["facets"]["section"] == {"failure_patterns": 1}


def test_the_detail_shows_the_latest_published_version_under_its_pseudonym(org):
    tag = new_tag()
    _two_orgs(org, tag)
    detail = org.ok("GET", f"{NETWORK}/{org.slug}")
    assert (detail["version"], detail["org_pseudonym"], detail["tier"]) == (1, "Test Org", "Silver")
    assert "Org " not in detail["text"]


def test_organizations_can_be_diffed_across_the_network(org):
    tag = new_tag()
    other = _two_orgs(org, tag)
    result = other.ok("POST", "/api/v1/oos/diff", {"a": {"org": other.slug}, "b": {"org": org.slug}})
    assert result["summary"]["DUPLICATE"] == 2 and result["b"]["org_pseudonym"] == "Test Org"
