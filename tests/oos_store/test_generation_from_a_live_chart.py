import pytest
from sqlalchemy import insert

from otp.all_models import metadata
from otp.core.ids import new_id
from otp.oos.generate import generate
from otp.oos.validate import validate

from .kit import OOS, draft_doc, learn


def _chart(org):
    ceo = org.root()
    lead = org.agent("ops-lead", level=7)
    helper = org.agent("ops-helper", level=3)
    lead_seat = org.seat("Operations", parent=ceo["id"], holder=lead)
    org.seat("Reporting", parent=lead_seat["id"], holder=helper)
    return lead, helper


def test_entities_show_people_as_roles_and_agents_with_escalation_and_authority(org):
    _chart(org)
    org.ok("POST", f"{OOS}/generate")
    doc = draft_doc(org)
    entities = {e["name"]: e for e in doc.frontmatter.entities}
    assert entities["CEO"] == {"name": "CEO", "kind": "human", "role": "CEO", "reports_to": None}
    assert entities["ops-helper"]["reports_to"] == "Operations" and entities["ops-helper"]["escalates_to"] == "CEO"
    assert entities["ops-lead"]["authority"] == "L7 Outcome owner"
    assert "Olive Owner" not in org.ok("GET", f"{OOS}/draft")["text"]


def test_frontmatter_comes_from_the_organization_under_a_pseudonym(org):
    _chart(org)
    set_to = {"industry": "logistics", "org_size": "medium"}
    org.ok("PATCH", f"/api/v1/organizations/{org.org_id}", {"settings": set_to})
    org.ok("POST", f"{OOS}/generate")
    fm = draft_doc(org).frontmatter
    assert (fm.industry, fm.org_size, fm.template, fm.agent_count, fm.platforms) == (
        "logistics", "medium", "org_chart", 2, ["custom"])
    assert fm.org_pseudonym.startswith("Organization ") and org.slug not in fm.org_pseudonym


def test_claims_cover_authority_boundaries_and_coordination_with_provenance(org):
    _chart(org)
    org.ok("POST", f"{OOS}/generate")
    doc = draft_doc(org)
    sections = {c.section for c in doc.claims}
    assert {"agent_roles_and_authority", "human_ai_boundary_conditions", "coordination_patterns"} <= sections
    authority = [c for c in doc.claims if c.section == "agent_roles_and_authority"]
    assert [c.scope for c in authority] == ["Agent: ops-lead", "Agent: ops-helper"]
    assert all(c.provenance and c.evidence == "HUMAN_DEFINED_RULE" for c in doc.claims)
    assert not [f for f in validate(doc) if f.code.startswith(("count.", "claim."))]


def test_captured_learnings_are_kept_when_the_draft_is_regenerated(org):
    _chart(org)
    learn(org)
    learn(org)
    org.ok("POST", f"{OOS}/generate")
    doc = draft_doc(org)
    failures = [c for c in doc.claims if c.section == "failure_patterns"]
    assert [(c.rule, c.evidence) for c in failures] == [("Take the run lock before starting", "OBSERVED_REPEATEDLY")]


def test_stored_hard_deny_rules_become_boundary_claims(org):
    table = metadata.tables.get("governance_hard_deny")
    if table is None:
        pytest.skip("governance has no stored hard-deny rules yet")
    row = {"id": new_id("hd"), "org_id": org.org_id, "key": "no-prod", "actions": ["deploy"], "applies_to": "agents",
           "when": [], "reason": "Production belongs to people."}
    with org.db.write() as s:
        s.execute(insert(table), [{k: v for k, v in row.items() if k in table.c}])
        doc = generate(s, org.org_id)
    claim = next(c for c in doc.claims if "no-prod" in (c.provenance or ""))
    assert claim.section == "human_ai_boundary_conditions" and claim.why == "Production belongs to people."


def test_maturity_counts_agents_leading_agents_and_agents_connected(org):
    lead, _helper = _chart(org)
    org.get("/api/v1/agents", token=org.token_for(agent=lead))  # the lead's token is used once
    org.ok("POST", f"{OOS}/generate")
    observed = org.ok("GET", f"{OOS}/maturity")["observed"]
    assert (observed["agents_leading_agents"], observed["agents_connected_mcp"], observed["agents_active"]) == (1, 1, 2)
