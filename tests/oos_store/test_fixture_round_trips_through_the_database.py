from otp.oos.document import parse

from .kit import OOS, export, fixture_text, import_fixture, import_text

FREE_SECTIONS = ["Purpose", "Prime Directives", "System Identity", "Confidence Map", "Merge Protocol",
                 "Update Protocol", "Summary"]


def test_the_fixture_imports_as_published_version_1_byte_for_byte(org):
    version = import_fixture(org, publish=True)
    assert (version["state"], version["number"], version["parent_version"]) == ("published", 1, None)
    assert version["claim_count"] == 24
    assert export(org, "1") == fixture_text()


def test_free_sections_and_all_six_claim_sections_survive_storage(org):
    import_fixture(org, publish=True)
    doc = parse(export(org, "latest"))
    assert [s.title for s in doc.sections() if not s.is_standard] == FREE_SECTIONS
    assert {c.section for c in doc.claims} == {
        "core_operating_rules", "agent_roles_and_authority", "coordination_patterns", "operational_heuristics",
        "failure_patterns", "human_ai_boundary_conditions"}


def test_markdown_export_reimports_identically(org):
    import_fixture(org)
    first = export(org)
    import_text(org, first)
    assert export(org) == first == fixture_text()


def test_json_export_reimports_with_the_same_claims_and_frontmatter(org):
    import_fixture(org)
    original = parse(fixture_text())
    import_text(org, export(org, fmt="json"), fmt="json")
    again = parse(export(org))
    assert [c.values() for c in again.claims] == [c.values() for c in original.claims]
    assert again.frontmatter.data == original.frontmatter.data


def test_validation_of_the_stored_fixture_reports_its_inconsistent_counts_with_lines(org):
    import_fixture(org)
    report = org.ok("GET", f"{OOS}/validate")
    assert report["errors"] == 8 and not report["valid"]
    assert {"line": 16, "code": "count.confidence_distribution", "severity": "error",
            "message": "confidence_distribution.high declares 10, the claims have 17"} in report["findings"]
