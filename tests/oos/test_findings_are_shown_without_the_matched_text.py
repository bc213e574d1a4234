"""Privacy findings as a page shows them: most severe first, placed in the claim, frontmatter key
or section they sit in, with an excerpt in which every finding is replaced by its placeholder."""
import pytest

from otp.oos.document import parse
from otp.oos.findings import AROUND, present
from otp.oos.scan import scan

from .helpers import fixture_text

KEY = "AKIAIOSFODNN7EXAMPLE"
TOKEN = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"


def shown(text: str):
    return present(text, parse(text), scan(text))


def test_two_secrets_on_one_line_are_both_masked_in_each_excerpt():
    found = shown(f"Keys {KEY} and {TOKEN} leaked.\n")
    assert [f.excerpt for f in found] == ["Keys <API_KEY> and <API_KEY> leaked."] * 2
    assert KEY not in repr(found) and TOKEN not in repr(found)


def test_a_long_line_is_trimmed_around_the_finding():
    [found] = shown("x" * 300 + f" {KEY} " + "y" * 300 + "\n")
    assert found.excerpt == "…" + "x" * (AROUND - 1) + " <API_KEY> " + "y" * (AROUND - 1) + "…"


def test_findings_are_ordered_most_severe_first_then_by_position():
    found = shown("Spend $149K.\nWrite to ops@acme.co.uk.\nKey " + KEY + ".\nMore $2K.\n")
    assert [(f.severity, f.line) for f in found] == [("critical", 3), ("high", 2), ("low", 1), ("low", 4)]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_a_finding_inside_a_claim_is_placed_in_that_claim_whatever_the_line_endings(newline):
    doc = parse(fixture_text())
    target = doc.claims[5]
    text = fixture_text().replace(target.rule, f"{target.rule} Use {KEY}.", 1).replace("\n", newline)
    [found] = [f for f in shown(text) if f.kind == "aws_access_key"]
    assert found.claim == target.id and found.place == f"claim {target.id}"
    assert found.line == target.field_lines["rule"] and found.excerpt.endswith("Use <API_KEY>.")


def test_findings_outside_claims_name_the_frontmatter_key_or_the_section():
    text = f'---\noos_version: "1.0"\nowner: "ops@acme.co.uk"\n---\n\n## Tools\n\nThe key is {KEY}.\n'
    places = {f.kind: f.place for f in shown(text)}
    assert places == {"email": "frontmatter, key owner", "aws_access_key": "section “Tools”"}
