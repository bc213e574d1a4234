import pytest

from otp.oos.document import parse, render
from otp.oos.stats import count_words
from otp.oos.validate import fix, has_errors, validate

from .helpers import claim, fixture_doc, fixture_text, valid_doc


def _codes(doc):
    return [(f.severity, f.code, f.line) for f in validate(doc)]


def test_fixture_findings_are_exactly_its_count_inconsistencies():
    findings = [(f.line, f.severity, f.message) for f in validate(fixture_doc())]
    assert findings == [
        (13, "warning", "word_count declares 2890, the body has 2751 words"),
        (16, "error", "confidence_distribution.high declares 10, the claims have 17"),
        (17, "error", "confidence_distribution.medium declares 10, the claims have 7"),
        (18, "error", "confidence_distribution.low declares 4, the claims have 0"),
        (20, "error", "evidence_distribution.human_defined_rule declares 5, the claims have 2"),
        (22, "error", "evidence_distribution.observed_repeatedly declares 9, the claims have 11"),
        (23, "error", "evidence_distribution.measured_result declares 5, the claims have 8"),
        (24, "error", "evidence_distribution.inference declares 2, the claims have 1"),
        (25, "error", "evidence_distribution.speculation declares 1, the claims have 0"),
        (240, "warning", "Confidence Map row HIGH says 10, the claims have 17"),
        (241, "warning", "Confidence Map row MEDIUM says 10, the claims have 7"),
        (242, "warning", "Confidence Map row LOW says 4, the claims have 0"),
        (246, "warning", "Confidence Map row OBSERVED_REPEATEDLY says 9, the claims have 11"),
        (247, "warning", "Confidence Map row MEASURED_RESULT says 5, the claims have 8"),
        (248, "warning", "Confidence Map row HUMAN_DEFINED_RULE says 5, the claims have 2"),
        (249, "warning", "Confidence Map row INFERENCE says 2, the claims have 1"),
        (251, "warning", "Confidence Map row SPECULATION says 1, the claims have 0"),
    ]


def test_fix_makes_the_fixture_counts_and_its_confidence_map_consistent_and_leaves_other_prose_alone():
    doc = fixture_doc()
    fix(doc)
    again = parse(render(doc))
    assert not has_errors(validate(again))
    assert "map.count" not in {f.code for f in validate(again)}  # the map's counts are rewritten too
    assert again.frontmatter.confidence_distribution == {"high": 17, "medium": 7, "low": 0}
    assert (render(doc).split("---\n", 2)[2].split("## Confidence Map")[0]
            == fixture_text().split("---\n", 2)[2].split("## Confidence Map")[0])


def test_a_consistent_document_has_no_findings():
    assert validate(valid_doc()) == []


@pytest.mark.parametrize("text, words", [
    ("One two three.", 3),
    ("- **Rule:** Keep it.", 3),           # the bullet dash is markup, not a word
    ("| HIGH | 10 | 42% |\n|---|---|---|", 3),
    ("**[C001]** core_operating_rules $8/day", 3),
    ("", 0),
])
def test_words_are_tokens_with_a_letter_or_digit(text, words):
    assert count_words(text) == words


def test_missing_and_mistyped_frontmatter_fields_are_reported_with_lines():
    doc = valid_doc()
    del doc.frontmatter.data["industry"]
    doc.frontmatter.data["agent_count"] = "many"
    doc = parse(render(doc))
    assert ("error", "frontmatter.missing", 1) in _codes(doc)
    assert ("error", "frontmatter.type", 6) in _codes(doc)


@pytest.mark.parametrize("key, value", [("org_size", "huge"), ("template", "pyramid")])
def test_enum_values_outside_the_spec_are_errors(key, value):
    doc = valid_doc()
    doc.frontmatter.data[key] = value
    findings = validate(parse(render(doc)))
    assert [f.code for f in findings] == ["frontmatter.enum"] and value in findings[0].message


@pytest.mark.parametrize("claim_id, ok", [("C1", True), ("C0001", True), ("C12345", False), ("X001", False),
                                          ("c001", False), ("C", False)])
def test_claim_ids_are_c_and_one_to_four_digits(claim_id, ok):
    doc = valid_doc()
    doc.claims[0].id = claim_id
    codes = [f.code for f in validate(parse(render(doc)))]
    assert ("claim.id_format" not in codes) is ok


def test_duplicate_claim_ids_point_to_the_first_use():
    doc = valid_doc()
    doc.claims[2].id = "C001"
    doc = parse(render(doc))
    dup = [f for f in validate(doc) if f.code == "claim.id_duplicate"]
    assert len(dup) == 1 and dup[0].line == doc.claims[2].line
    assert f"first on line {doc.claims[0].line}" in dup[0].message


def test_bad_confidence_and_evidence_are_reported_at_their_field_lines():
    doc = valid_doc([claim(1, confidence="Sure"), claim(2, evidence="GUT_FEELING"), claim(3)])
    bad = [(f.code, f.line) for f in validate(doc) if f.code == "claim.enum"]
    assert bad == [("claim.enum", doc.claims[0].field_lines["confidence"]),
                   ("claim.enum", doc.claims[1].field_lines["evidence"])]


def test_a_claim_without_required_fields_reports_each_missing_one():
    doc = valid_doc()
    text = render(doc).replace("- **Why:** Because it works.\n", "", 1)
    missing = [f.message for f in validate(parse(text)) if f.code == "claim.missing_field"]
    assert missing == ["claim C001 has no 'Why' field"]


def test_claims_outside_the_six_sections_are_errors():
    doc = valid_doc([claim(1, section="misc"), claim(2), claim(3)])
    assert [f.code for f in validate(doc)] == ["claim.section"]


def test_fewer_than_three_claims_is_an_error():
    doc = valid_doc([claim(1), claim(2)])
    assert [f.code for f in validate(doc)] == ["document.too_few_claims"]


@pytest.mark.parametrize("words, ok", [(400, False), (520, True), (15_100, False)])
def test_body_word_count_must_be_between_500_and_15000(words, ok):
    codes = [f.code for f in validate(valid_doc(words=words))]
    assert ("document.word_count_range" not in codes) is ok


def test_each_distribution_mismatch_is_reported_separately():
    doc = valid_doc()
    doc.frontmatter.data["claim_count"] = 4
    doc.frontmatter.data["confidence_distribution"] = {"high": 1, "medium": 2, "low": 0}
    messages = [f.message for f in validate(parse(render(doc)))]
    assert messages == ["claim_count declares 4, the document has 3 claims",
                        "confidence_distribution.high declares 1, the claims have 3",
                        "confidence_distribution.medium declares 2, the claims have 0"]


@pytest.mark.parametrize("key, value, ok", [
    ("entities", [{"name": "Scout", "kind": "agent"}], True), ("entities", None, True),
    ("entities", "Scout, Closer", False), ("mcp_servers", ["github"], True), ("mcp_servers", 3, False),
    ("org_id", "org-7", True), ("org_id", 7, True), ("org_id", ["x"], False), ("org_id", True, False),
])
def test_optional_fields_are_checked_only_when_given(key, value, ok):
    doc = valid_doc()
    doc.frontmatter.data[key] = value
    doc = parse(render(doc))
    found = [(f.code, f.line) for f in validate(doc)]
    assert found == ([] if ok else [("frontmatter.type", doc.frontmatter_lines[key])])
