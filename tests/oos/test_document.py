from otp.oos.document import OOSParseError, parse, render
from otp.oos.jsonform import from_json, to_json
from otp.oos.model import STANDARD_SECTIONS, Claim
import pytest
from hypothesis import given, settings, strategies as st

from .helpers import claim, fixture_doc, fixture_text, reparse, valid_doc


def test_fixture_imports_with_24_claims_in_six_sections():
    doc = fixture_doc()
    counts = {s: len(c) for s, c in doc.claims_by_section().items()}
    assert len(doc.claims) == 24
    assert counts == {"core_operating_rules": 7, "agent_roles_and_authority": 3, "coordination_patterns": 4,
                      "operational_heuristics": 2, "failure_patterns": 5, "human_ai_boundary_conditions": 3}
    assert set(counts) == set(STANDARD_SECTIONS)


def test_fixture_claim_fields_and_line_numbers_are_read():
    c1 = fixture_doc().claim("C001")
    assert c1.rule.startswith("One seat, one owner.")
    assert (c1.confidence, c1.evidence) == ("HIGH", "OBSERVED_REPEATEDLY")
    assert c1.scope == "All agents. Applies to both AI and human team design."
    assert c1.line == 44 and c1.field_lines["scope"] == 50


def test_fixture_frontmatter_known_fields_are_typed():
    fm = fixture_doc().frontmatter
    assert (fm.oos_version, fm.org_size, fm.template, fm.agent_count) == ("1.0", "small", "agent_army", 14)
    assert fm.platforms == ["claude"] and fm.parent_version is None
    assert fm.generated_at == "2026-03-15T12:00:00Z"  # kept as written, not a datetime


def test_fixture_free_sections_are_preserved_verbatim_in_order():
    sections = fixture_doc().sections()
    assert [s.title for s in sections] == ["Purpose", "Prime Directives", "System Identity", "Confidence Map",
                                           "Merge Protocol", "Update Protocol", "Summary"]
    assert "Deduplicate semantically equivalent claims." in sections[4].text


def test_unedited_fixture_renders_byte_for_byte():
    assert render(parse(fixture_text())) == fixture_text()


def test_fixture_renders_identically_even_when_every_part_is_regenerated():
    doc = fixture_doc()
    doc.frontmatter_raw = None
    for c in doc.claims:
        c.raw = None
    assert render(doc) == fixture_text()


def test_round_trip_keeps_claims_and_frontmatter():
    doc = fixture_doc()
    again = reparse(doc)
    assert [c.values() for c in again.claims] == [c.values() for c in doc.claims]
    assert again.frontmatter.data == doc.frontmatter.data


def test_json_form_round_trips_to_the_same_markdown():
    doc = fixture_doc()
    assert render(from_json(to_json(doc))) == fixture_text()


def test_editing_one_claim_changes_only_its_lines():
    doc = fixture_doc()
    doc.claim("C002").confidence = "LOW"
    before, after = fixture_text().splitlines(), render(doc).splitlines()
    changed = [i + 1 for i, (x, y) in enumerate(zip(before, after)) if x != y]
    assert changed == [56] and after[55] == "- **Confidence:** LOW"


def test_changing_one_frontmatter_key_keeps_the_other_keys_text():
    doc = fixture_doc()
    doc.frontmatter.claim_count = 25
    lines = render(doc).splitlines()
    assert lines[13] == "claim_count: 25" and lines[2] == 'org_pseudonym: "Sneeze It Digital Agency"'
    assert len(lines) == len(fixture_text().splitlines())


def test_unknown_frontmatter_keys_and_claim_fields_survive_a_round_trip():
    text = ("---\nfoo: bar  # a comment\noos_version: \"1.0\"\n---\n\n**[C001]** failure_patterns\n"
            "- **Rule:** r\n- **Owner:** ops\n- **Provenance:** learned 2026-01-02\nfree text\n")
    doc = parse(text)
    assert doc.frontmatter.get("foo") == "bar"
    assert doc.claims[0].extra == {"Owner": "ops"} and doc.claims[0].provenance == "learned 2026-01-02"
    assert render(doc) == text
    assert reparse(from_json(to_json(doc))).claims[0].values() == doc.claims[0].values()


def test_a_claim_edit_after_json_round_trip_is_rendered():
    doc = from_json(to_json(fixture_doc()))
    doc.claims[0].rule = "Edited."
    assert reparse(doc).claims[0].rule == "Edited."


def test_multi_line_field_values_round_trip():
    doc = valid_doc([claim(1, why="First line.\nSecond line."), claim(2), claim(3)])
    assert doc.claim("C001").why == "First line.\nSecond line."
    assert "  Second line.\n" in render(doc)


def test_added_claim_goes_after_the_last_claim_of_its_section():
    doc = fixture_doc()
    doc.add_claim(Claim(id="", section="operational_heuristics", rule="New.", why="w", failure_mode="f",
                        confidence="LOW", evidence="SPECULATION", scope="s"))
    again = reparse(doc)
    assert [c.id for c in again.claims][15:18] == ["C016", "C025", "C017"]
    assert again.claim("C025").rule == "New."


def test_removed_claim_disappears_and_the_rest_is_untouched():
    doc = fixture_doc()
    assert doc.remove_claim("C024")
    text = render(doc)
    assert "[C024]" not in text and text.count("**[C") == 23 and "## Confidence Map" in text


def test_claims_under_a_standard_heading_take_its_section():
    doc = parse("## Failure Patterns\n\n**[C001]**\n- **Rule:** r\n")
    assert doc.claims[0].section == "failure_patterns"


def test_unclosed_frontmatter_is_a_parse_error_with_a_line():
    with pytest.raises(OOSParseError) as err:
        parse("---\noos_version: 1\n\nbody\n")
    assert err.value.line == 1


def test_invalid_yaml_is_a_parse_error_at_its_line():
    with pytest.raises(OOSParseError) as err:
        parse("---\na: 1\nb: [unclosed\n---\n")
    assert err.value.line is not None and err.value.line >= 3


TEXT = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABC0123456789 .,:;'()*-_/$%", min_size=1, max_size=60).map(str.strip).filter(bool)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(TEXT, TEXT, TEXT, st.sampled_from(STANDARD_SECTIONS)), min_size=1, max_size=6),
       st.dictionaries(st.from_regex(r"x_[a-z]{1,8}", fullmatch=True), st.one_of(TEXT, st.integers(), st.none())))
def test_any_claims_and_unknown_keys_survive_render_and_parse(rows, extra_keys):
    doc = valid_doc([claim(i + 1, section=s, rule=r, why=w, scope=sc) for i, (r, w, sc, s) in enumerate(rows)])
    doc.frontmatter.data.update(extra_keys)
    again = reparse(doc)
    assert [c.values() for c in again.claims] == [c.values() for c in doc.claims]
    assert again.frontmatter.data == doc.frontmatter.data
    assert render(reparse(again)) == render(again)


@pytest.mark.parametrize("variant", [
    lambda t: "\ufeff" + t,              # UTF-8 with a byte order mark (Windows editors)
    lambda t: t.replace("\n", "\r\n"),   # Windows line endings
    lambda t: t.replace("\n", "\r"),     # classic Mac line endings
    lambda t: t.rstrip("\n"),            # no final newline
], ids=["bom", "crlf", "cr", "no-final-newline"])
def test_file_encodings_keep_frontmatter_claims_and_bytes(variant):
    text = variant(fixture_text())
    doc = parse(text)
    assert doc.frontmatter.data == fixture_doc().frontmatter.data and len(doc.claims) == 24
    assert doc.claim("C001").line == 44 and render(doc) == text
