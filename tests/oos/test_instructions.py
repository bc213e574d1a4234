from otp.oos.document import parse, render
from otp.oos.instructions import from_instructions
from otp.oos.validate import validate

CLAUDE_MD = """# CLAUDE.md

## Agents
- **Reviewer**: reviews every pull request before merge
- Deployer - ships releases to production

## Rules
- Always run the test suite before committing.
- Never push to main without human approval.
- Prefer small pull requests because they are easier to review.
- The Deployer owns releases and may roll back a failed deploy.
Use British spelling in user-facing text.

```
- not a rule: inside a code fence
```
"""


def draft():
    return parse(render(from_instructions(CLAUDE_MD, generated_at="2026-01-01T00:00:00Z")))


def test_rules_become_medium_human_defined_claims_with_provenance():
    claims = draft().claims
    assert len(claims) == 5
    assert {(c.confidence, c.evidence) for c in claims} == {("MEDIUM", "HUMAN_DEFINED_RULE")}
    assert all(c.provenance.startswith("Imported from CLAUDE.md line ") for c in claims)
    assert not any("code fence" in c.rule for c in claims)


def test_agent_names_and_roles_become_entities():
    fm = draft().frontmatter
    assert fm.entities == [{"name": "Reviewer", "kind": "agent", "role": "Reviews every pull request before merge"},
                           {"name": "Deployer", "kind": "agent", "role": "Ships releases to production"}]
    assert fm.agent_count == 2


def test_scope_is_organization_wide_unless_the_rule_names_an_agent():
    scopes = {c.rule: c.scope for c in draft().claims}
    assert scopes["Always run the test suite before committing."] == "Organization-wide"
    assert scopes["The Deployer owns releases and may roll back a failed deploy."] == "Agent: Deployer"


def test_claims_land_in_plausible_sections_numbered_in_section_order():
    doc = draft()
    sections = {c.rule: c.section for c in doc.claims}
    assert sections["Never push to main without human approval."] == "human_ai_boundary_conditions"
    assert sections["The Deployer owns releases and may roll back a failed deploy."] == "agent_roles_and_authority"
    assert sections["Use British spelling in user-facing text."] == "core_operating_rules"
    assert [c.id for c in doc.claims] == ["C001", "C002", "C003", "C004", "C005"]


def test_a_because_clause_becomes_the_why():
    claim = next(c for c in draft().claims if c.rule.startswith("Prefer small"))
    assert (claim.rule, claim.why) == ("Prefer small pull requests.", "They are easier to review.")


def test_the_draft_is_consistent_apart_from_being_short():
    assert [f.code for f in validate(draft())] == ["document.word_count_range"]
