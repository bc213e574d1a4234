"""The live "governance rules in force" signal (L6 Harness Engineering) counts the rules this
organization set on top of the platform's defaults: rule rows (hard-deny, grants, overrides) and
the policy document's edits (matrix cells, scopes, allow-listed channels, spend limits)."""
from .kit import OOS, crew, import_fixture


def _rules(org) -> int:
    return org.ok("GET", f"{OOS}/maturity")["observed"]["governance_rules"]


def test_the_default_policy_counts_no_rules(org):
    crew(org, level=5)
    import_fixture(org)
    assert _rules(org) == 0


def test_each_rule_and_policy_edit_counts_once(org):
    crew(org, level=5)
    import_fixture(org)
    org.ok("PATCH", "/api/v1/governance/policy", {
        "hard_deny": [{"id": "no-prod", "actions": ["deploy"], "reason": "Only humans deploy"}],
        "matrix": [{"level": 5, "action": "external.spend", "effect": "deny"}],
        "channel_allowlist": ["slack:#ops", "email:team@example.com"],
        "spend_limits": {"per_action": {"external.spend": 5000}, "per_level": {"6": 20000}}})
    assert _rules(org) == 1 + 1 + 2 + 2
    level6 = org.ok("GET", f"{OOS}/maturity")["levels"][5]
    assert "governance rules in force: 6" in level6["evidence"]
