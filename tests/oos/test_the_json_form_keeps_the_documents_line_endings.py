"""The JSON form carries the document's line endings (and byte order mark), so Markdown -> JSON ->
Markdown gives the same bytes for LF, CRLF and CR-only files; edits keep the file's line endings."""
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from otp.oos.document import parse, render
from otp.oos.jsonform import from_dict, from_json, to_json
from otp.oos.model import Claim

from .helpers import fixture_text

ENDINGS = {"lf": "\n", "crlf": "\r\n", "cr": "\r"}
VARIANTS = {**{name: (lambda t, nl=nl: t.replace("\n", nl)) for name, nl in ENDINGS.items()},
            "bom-crlf": lambda t: "\ufeff" + t.replace("\n", "\r\n")}


def other_endings(text: str, newline: str) -> set[str]:
    """Line endings in `text` other than `newline`."""
    rest = text.replace(newline, "")
    return {e for e in ("\r\n", "\r", "\n") if e in rest}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_markdown_to_json_and_back_gives_the_same_bytes(variant):
    text = VARIANTS[variant](fixture_text())
    assert render(from_json(to_json(parse(text)))) == text


@pytest.mark.parametrize("name", sorted(ENDINGS))
def test_the_json_form_names_the_line_endings_of_the_document(name):
    data = json.loads(to_json(parse(fixture_text().replace("\n", ENDINGS[name]))))
    assert data["line_endings"] == name and data["byte_order_mark"] is False


@pytest.mark.parametrize("name", ["crlf", "cr"])
def test_a_claim_edited_in_the_json_form_is_written_with_the_documents_line_endings(name):
    newline = ENDINGS[name]
    data = json.loads(to_json(parse(fixture_text().replace("\n", newline))))
    first = next(block for block in data["body"] if block["type"] == "claim")
    first["rule"] = "An edited rule\nthat runs on to a second line."
    out = render(from_dict(data))
    assert "An edited rule" in out and other_endings(out, newline) == set()
    assert parse(out).claim(first["id"]).rule == first["rule"]


@pytest.mark.parametrize("name", ["crlf", "cr"])
def test_editing_a_parsed_document_keeps_its_line_endings(name):
    newline = ENDINGS[name]
    doc = parse(fixture_text().replace("\n", newline))
    doc.claim("C001").rule = "Edited."
    doc.add_claim(Claim(id="", section="core_operating_rules", rule="New.", why="w", failure_mode="f",
                        confidence="HIGH", evidence="OBSERVED_ONCE", scope="s"))
    doc.frontmatter.data["claim_count"] = 25
    doc.frontmatter.data["added_key"] = {"nested": "value"}
    out = render(doc)
    assert other_endings(out, newline) == set()
    again = parse(out)
    assert len(again.claims) == 25 and again.frontmatter.data["added_key"] == {"nested": "value"}


def test_json_without_line_endings_is_written_with_lf_as_before():
    doc = from_dict({"format": "oos+json", "frontmatter": {"a": "b"},
                     "body": [{"type": "claim", "id": "C001", "section": "core_operating_rules", "rule": "r"}]})
    out = render(doc)
    assert out.startswith("---\na: \"b\"\n---\n**[C001]**") and "\r" not in out


@pytest.mark.parametrize("field, value", [("line_endings", "crlf\n"), ("line_endings", None), ("line_endings", ["lf"]),
                                          ("byte_order_mark", "yes")])
def test_an_unknown_line_ending_or_byte_order_mark_value_is_refused_naming_it(field, value):
    with pytest.raises(ValueError, match=field):
        from_dict({"format": "oos+json", field: value, "frontmatter": {}, "body": []})


scalars = st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.text(max_size=120)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                          max_size=3), max_leaves=8)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["crlf", "cr"]), st.dictionaries(st.text(max_size=12), values, max_size=5))
def test_any_json_frontmatter_written_with_crlf_or_cr_parses_back_the_same(name, frontmatter):
    out = render(from_dict({"format": "oos+json", "line_endings": name, "frontmatter": frontmatter, "body": []}))
    assert parse(out).frontmatter.data == frontmatter
    assert other_endings(out, ENDINGS[name]) == set()
