"""The OOS page lists every privacy finding (severity, kind, where, a redacted excerpt), most
severe first, in plain server-rendered HTML, and never shows the matched secret itself."""
from __future__ import annotations

import html
import re

from otp.oos import drafts
from tests.web.kit import web

SECRET = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"
EMAIL = "ops.lead@acme-example.co.uk"
DOCUMENT = f"""---
oos_version: "1.0"
org_pseudonym: "Test Org"
contact: "{EMAIL}"
---

## Tools

Notes live in /home/alice/notes/deploy.md for now.

**[C001]** core_operating_rules
- **Rule:** Deploy only from CI with the key {SECRET} and never by hand.
- **Why:** Hand deploys broke production twice.
- **Failure mode:** A laptop deploy ships untested code.
- **Confidence:** HIGH
- **Evidence:** OBSERVED_REPEATEDLY
- **Scope:** All agents.
"""


def where(value: str) -> str:
    """"line L, column C" of `value` in DOCUMENT, counted by hand."""
    line = next(n for n, text in enumerate(DOCUMENT.splitlines(), start=1) if value in text)
    return f"line {line}, column {DOCUMENT.splitlines()[line - 1].index(value) + 1}"


def planted(k) -> str:
    k.do(lambda s, a: drafts.import_document(s, a, text=DOCUMENT))
    page = k.get("/oos")
    assert page.status_code == 200
    return page.text


def rows(page: str) -> list[str]:
    table = re.search(r'<section class="card" id="scan-findings".*?</table>', page, re.S)
    assert table, "no findings table on the page"
    return [html.unescape(re.sub(r"<[^>]+>", " ", row)) for row in re.findall(r"<tr>.*?</tr>", table.group(0), re.S)]


def test_a_planted_secret_is_listed_with_its_kind_claim_and_line_but_not_its_value(demo_db):
    with web(demo_db) as k:
        page = planted(k)
        secret_row = next(r for r in rows(page) if "stripe_key" in r)
        assert "critical" in secret_row and "claim C001" in secret_row and where(SECRET) in secret_row
        assert "<API_KEY> and never by hand" in secret_row
        assert SECRET not in page and SECRET[8:20] not in page


def test_a_finding_in_the_frontmatter_names_its_key_and_hides_the_address(demo_db):
    with web(demo_db) as k:
        page = planted(k)
        email_row = next(r for r in rows(page) if " email " in r)
        assert "frontmatter, key contact" in email_row and where(EMAIL) in email_row and "<EMAIL>" in email_row
        assert EMAIL not in page


def test_findings_are_listed_most_severe_first(demo_db):
    with web(demo_db) as k:
        listed = rows(planted(k))[1:]  # the first row is the header
        kinds = [next(kind for kind in ("stripe_key", "email", "file_path") if kind in row) for row in listed]
        assert kinds == ["stripe_key", "email", "file_path"]
        assert "section “Tools”" in listed[2]


def test_the_findings_are_a_table_with_column_headers_in_the_plain_page(demo_db):
    with web(demo_db) as k:
        page = planted(k)
        for header in ("Severity", "Kind", "Where", "Excerpt (redacted)"):
            assert f'<th scope="col">{header}</th>' in page
        assert "3 findings" in page and 'href="#scan-findings"' in page


def test_a_draft_without_findings_says_so_and_shows_no_table(demo_db):
    with web(demo_db) as k:
        k.do(lambda s, a: drafts.import_document(s, a, text=DOCUMENT.replace(SECRET, "a key from the vault")
                                                 .replace(EMAIL, "the ops lead").replace("/home/alice/notes/deploy.md",
                                                                                         "the wiki")))
        page = k.get("/oos").text
        assert "No findings." in page and 'id="scan-findings"' not in page
