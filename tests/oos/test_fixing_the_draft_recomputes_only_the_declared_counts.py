"""POST /oos/draft/fix: the REST face of `--fix` on the stored draft (an oos.edit)."""
from otp.oos.document import parse

from .kit import OOS, crew, export, import_fixture


def test_fix_lists_each_recomputed_count_and_validation_then_passes(org):
    import_fixture(org)
    fixed = org.ok("POST", f"{OOS}/draft/fix")["fixed"]
    assert [change.split(":")[0] for change in fixed][:3] == ["word_count", "confidence_distribution",
                                                              "evidence_distribution"]
    assert all(change.startswith("Confidence Map ") for change in fixed[3:]) and len(fixed) > 3
    assert fixed[0] == "word_count: 2890 -> 2751"
    assert org.ok("GET", f"{OOS}/validate")["errors"] == 0
    assert [e.action for e in org.events() if e.action.startswith("oos.")] == ["oos.imported", "oos.draft_fixed"]


def test_fixing_a_consistent_draft_changes_nothing_and_writes_no_event(org):
    import_fixture(org)
    org.ok("POST", f"{OOS}/draft/fix")
    before, text = org.event_count(), export(org)
    assert org.ok("POST", f"{OOS}/draft/fix")["fixed"] == []
    assert org.event_count() == before and export(org) == text


def test_an_agent_below_level_7_is_asked_before_fixing(org):
    c = crew(org, level=4)
    import_fixture(org)
    text = export(org)
    response = org.post(f"{OOS}/draft/fix", token=c.token)
    assert response.status_code == 202 and export(org) == text and not org.events("oos.draft_fixed")
    org.ok("POST", f"/api/v1/approvals/{response.json()['error']['approval_id']}/approve", {})
    assert org.events("oos.draft_fixed")[0].actor_id == c.agent["id"]
    assert parse(export(org)).frontmatter.confidence_distribution == {"high": 17, "medium": 7, "low": 0}
