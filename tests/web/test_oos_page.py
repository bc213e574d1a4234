"""The organization's OOS: generate, score with sub-scores, maturity with evidence, scan, versions, diff."""
from __future__ import annotations

from tests.web.kit import web


def test_without_an_oos_the_page_offers_to_generate_one(demo_db):
    with web(demo_db) as k:
        page = k.get("/oos")
        assert page.status_code == 200 and "Generate a draft" in page.text


def test_a_generated_draft_shows_score_maturity_and_scan(demo_db):
    with web(demo_db) as k:
        assert k.post("/oos/generate").status_code == 303
        page = k.get("/oos").text
        for part in ("Quality score", "Evidence strength", "Agentic maturity", "Privacy scan", "Versions"):
            assert part in page


def test_after_publishing_the_page_diffs_the_draft_against_the_version(demo_db):
    with web(demo_db) as k:
        k.post("/oos/generate")
        assert k.post("/oos/publish").status_code == 303
        page = k.get("/oos").text
        assert "What changed" in page and "v1" in page
