"""Through the database and REST: import -> export gives the file back byte for byte (whatever its
encoding details), and the JSON export re-imports with the same claims and frontmatter."""
import pytest

from otp.oos.document import parse

from .helpers import fixture_text
from .kit import OOS, export

VARIANTS = {"as-published": lambda t: t, "bom": lambda t: "\ufeff" + t, "crlf": lambda t: t.replace("\n", "\r\n"),
            "no-final-newline": lambda t: t.rstrip("\n")}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_import_then_export_gives_the_same_bytes_and_publishing_keeps_them(org, variant):
    text = VARIANTS[variant](fixture_text())
    org.ok("POST", f"{OOS}/import", {"text": text, "publish": True}, status=201)
    assert export(org, "1") == text and export(org, "draft") == text
    assert org.ok("GET", f"{OOS}/validate", params={"version": "1"})["errors"] == 8


def test_the_json_export_reimports_with_the_same_claims_and_frontmatter(org):
    org.ok("POST", f"{OOS}/import", {"text": fixture_text()}, status=201)
    document = org.ok("GET", f"{OOS}/draft", params={"format": "json"})["document"]
    org.ok("PUT", f"{OOS}/draft", {"document": document})
    again, original = parse(export(org)), parse(fixture_text())
    assert [c.values() for c in again.claims] == [c.values() for c in original.claims]
    assert again.frontmatter.data == original.frontmatter.data and export(org) == fixture_text()


@pytest.mark.parametrize("variant", ["crlf", "cr", "bom"])
def test_the_json_draft_put_back_through_rest_keeps_the_files_bytes(org, variant):
    text = {**VARIANTS, "cr": lambda t: t.replace("\n", "\r")}[variant](fixture_text())
    org.ok("POST", f"{OOS}/import", {"text": text}, status=201)
    document = org.ok("GET", f"{OOS}/draft", params={"format": "json"})["document"]
    first = next(block for block in document["body"] if block["type"] == "claim")
    first["rule"] = first["rule"] + " (edited)"  # a real change, so the draft is re-rendered from JSON
    org.ok("PUT", f"{OOS}/draft", {"document": document})
    first["rule"] = first["rule"].removesuffix(" (edited)")
    org.ok("PUT", f"{OOS}/draft", {"document": document})
    assert export(org) == text
