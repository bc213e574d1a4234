"""For a live organization the runtime decides the maturity level: writing "We use MCP." into a
claim marks L5 "claimed, not observed" and leaves the level where the platform's observations put
it (the bug: that one sentence moved the published example from level 4 to 8). A file scored on
its own keeps its keyword level, labelled as claimed."""
from otp.oos.document import parse
from otp.oos.maturity import assess_document

from .helpers import fixture_doc
from .kit import OOS, crew, import_fixture


def _maturity(org) -> dict:
    return org.ok("GET", f"{OOS}/maturity")


def _claim_mcp(org, claim_id: str) -> None:
    text = org.get(f"{OOS}/export", params={"version": "draft"}).text
    old = parse(text).claim(claim_id).rule
    org.ok("PATCH", f"{OOS}/draft/claims/{claim_id}", {"rule": old + " We use MCP."})


def test_we_use_mcp_in_a_generated_draft_does_not_raise_the_level(org):
    crew(org, level=3)  # an active agent holding a seat: L1-L3 observed, no learning yet
    org.ok("POST", f"{OOS}/generate")
    before = _maturity(org)
    _claim_mcp(org, "C001")
    after = _maturity(org)
    assert before["level"] == after["level"] == 3 and after["basis"] == "runtime"
    assert after["levels"][4]["status"] == "claimed, not observed" and not after["levels"][4]["passed"]
    assert any("MCP" in e for e in after["levels"][4]["evidence"])


def test_the_published_example_keeps_the_level_its_organization_runs_at(org):
    crew(org, level=3)
    import_fixture(org, publish=True)
    assert _maturity(org)["level"] == 3
    _claim_mcp(org, "C001")
    assert _maturity(org)["level"] == 3


def test_the_example_file_alone_keeps_its_keyword_level_labelled_as_claimed():
    result = assess_document(fixture_doc())
    assert (result.level, result.bottleneck.name) == (4, "MCP & Skills")
    assert [r.status for r in result.levels[:4]] == ["claimed, not observed"] * 4
