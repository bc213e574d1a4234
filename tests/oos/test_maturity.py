import pytest

from otp.oos.maturity import LEVEL_NAMES, MaturitySignals, assess, assess_document, signals_from_document
from otp.oos.document import parse

from .helpers import fixture_doc

# One live-platform signal per level, so each row of the table switches levels on or off.
LIVE = {1: dict(agents_active=1), 2: dict(agents_active=1), 3: dict(sops_defined=2), 4: dict(learnings_captured=1),
        5: dict(agents_connected_mcp=3), 6: dict(governance_rules=4), 7: dict(scheduled_agents=2),
        8: dict(agents_leading_agents=1)}


def signals(*levels: int) -> MaturitySignals:
    kwargs = {}
    for level in levels:
        kwargs.update(LIVE[level])
    return MaturitySignals(**kwargs)


@pytest.mark.parametrize("passing, level, bottleneck", [
    ((), 0, 1),
    ((1, 2), 2, 3),
    ((1, 2, 3, 4, 5, 6, 7, 8), 8, None),
    ((1, 2, 3, 4, 6, 7, 8), 4, 5),            # cap rule: L5 fails, so L6-L8 do not count
    ((1, 2, 3, 5, 6), 3, 4),
    ((1, 2, 8), 2, 3),
    ((1, 2, 3, 4, 5, 6, 7), 7, 8),
])
def test_level_is_highest_with_every_lower_level_passing(passing, level, bottleneck):
    result = assess(signals(*passing))
    assert result.level == level and result.name == LEVEL_NAMES.get(level, "None")
    assert (result.bottleneck.level if result.bottleneck else None) == bottleneck


def test_capped_result_still_reports_the_highest_passing_level():
    result = assess(signals(1, 2, 3, 4, 6, 7, 8))
    assert (result.level, result.highest_passing, result.bottleneck.name) == (4, 8, "MCP & Skills")


def test_each_passing_level_names_its_evidence():
    result = assess(signals(1, 2, 3, 4, 5))
    assert result.levels[4].evidence == ("agents connected over MCP or the API (token used): 3",)
    assert result.levels[5].evidence == () and "governance rules in force" in result.levels[5].needs


def test_fixture_reaches_compounding_engineering_with_mcp_as_bottleneck():
    result = assess_document(fixture_doc())
    assert (result.level, result.name, result.bottleneck.name) == (4, "Compounding Engineering", "MCP & Skills")
    assert "claims about scheduled or background agents: C011" in result.levels[6].evidence


def test_for_a_live_organization_only_observations_pass_levels_and_claims_show_as_claimed():
    result = assess_document(fixture_doc(), live=signals(1, 2, 3, 4, 5))
    assert (result.level, result.basis, result.bottleneck.name) == (5, "runtime", "Harness Engineering")
    assert "agents connected over MCP or the API (token used): 3" in result.levels[4].evidence
    assert [r.status for r in result.levels[4:]] == ["observed"] + ["claimed, not observed"] * 3


def test_a_document_alone_passes_levels_on_claims_and_labels_them_claimed():
    result = assess_document(fixture_doc())
    assert result.basis == "document" and result.levels[3].passed
    assert {r.status for r in result.levels if r.passed} == {"claimed, not observed"}


def test_merging_takes_max_of_counts_and_unions_claim_ids():
    a = MaturitySignals(agent_count=3, claim_signals={"context": ["C001"]}, platforms=["claude"])
    b = MaturitySignals(agent_count=5, claim_signals={"context": ["C002", "C001"]}, platforms=["codex"])
    merged = a.merged(b)
    assert (merged.agent_count, merged.platforms, merged.claim_signals) == (5, ["claude", "codex"],
                                                                          {"context": ["C001", "C002"]})


def test_document_signals_come_from_frontmatter_and_claim_keywords():
    doc = parse("---\nmcp_servers:\n  - github\nagent_count: 2\n---\n\n**[C001]** coordination_patterns\n"
                "- **Rule:** The lead agent hands it to sub-agents over MCP skills.\n")
    found = signals_from_document(doc)
    assert found.mcp_servers == ["github"] and found.agent_count == 2
    assert found.claim_signals["mcp_skills"] == ["C001"] and found.claim_signals["agent_teams"] == ["C001"]
