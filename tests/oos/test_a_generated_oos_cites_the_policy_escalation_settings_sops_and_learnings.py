"""The OOS generated from a live organization: each source the platform holds becomes claims in
the right section, with evidence and provenance — hard-deny rules set through the policy API,
the escalation settings in force, SOPs and captured learnings."""
from otp.oos.document import parse
from otp.oos.validate import validate

from .kit import OOS, crew


def _generated(org):
    org.ok("POST", f"{OOS}/generate")
    return parse(org.ok("GET", f"{OOS}/draft")["text"])


def _one(doc, needle: str):
    found = [c for c in doc.claims if needle in c.rule]
    assert len(found) == 1, [c.rule for c in doc.claims]
    return found[0]


def test_a_hard_deny_rule_of_the_policy_becomes_a_boundary_claim(org):
    crew(org, level=5)
    org.ok("PATCH", "/api/v1/governance/policy",
           {"hard_deny": [{"id": "no-prod", "actions": ["deploy"], "reason": "Only humans deploy"}]})
    claim = _one(_generated(org), "No agent may deploy software")
    assert (claim.section, claim.why, claim.evidence) == ("human_ai_boundary_conditions", "Only humans deploy",
                                                          "HUMAN_DEFINED_RULE")
    assert claim.provenance.startswith("Hard-deny rule no-prod in the organization's policy")


def test_the_escalation_claim_states_the_organizations_own_deadlines(org):
    crew(org, level=5)
    org.ok("PATCH", f"/api/v1/organizations/{org.org_id}",
           {"settings": {"approval_sla_hours": 8, "escalation_sla_hours": {"critical": 2}}})
    claim = _one(_generated(org), "Approvals and escalations go to")
    assert claim.section == "coordination_patterns"
    assert "unanswered for 8 hours" in claim.rule
    assert "(critical 2 hours, high 4 hours, normal 24 hours, low 72 hours)" in claim.rule


def test_an_sop_becomes_a_coordination_claim_citing_its_version(org):
    c = crew(org, level=5)
    sop = org.ok("POST", f"/api/v1/seats/{c.seat['id']}/sops",
                 {"key": "weekly-report", "title": "Weekly report", "trigger": "Friday 16:00",
                  "steps": ["Pull the numbers", "Post the summary"]}, status=201)
    claim = _one(_generated(org), "runs the SOP")
    assert claim.rule == ('When Friday 16:00, the Scribe seat runs the SOP "Weekly report": '
                          "Pull the numbers; Post the summary.")
    assert claim.section == "coordination_patterns" and claim.provenance.startswith(f"SOP {sop['id']} v1, ")


def test_a_captured_learning_becomes_a_failure_pattern_with_its_provenance(org):
    crew(org, level=5)
    org.ok("POST", f"{OOS}/learnings", {"what_failed": "The report was posted twice",
                                        "do_instead": "Take the run lock first", "why": "Two runs double-post"},
           status=201)
    doc = _generated(org)
    claim = _one(doc, "Take the run lock first")
    assert (claim.section, claim.evidence, claim.failure_mode) == ("failure_patterns", "OBSERVED_ONCE",
                                                                   "The report was posted twice")
    assert claim.provenance.startswith("Learning lrn_") and " captured by person " in claim.provenance
    assert not [f for f in validate(doc) if f.code.startswith(("count.", "claim.", "frontmatter."))]
