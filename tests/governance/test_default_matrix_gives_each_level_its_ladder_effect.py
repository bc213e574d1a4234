"""Each level's allow/ask/deny for each catalogue class, against an independently written table.

The table below is transcribed from DESIGN.md §4 by hand (A=allow, K=ask, D=deny, levels 1..8),
not derived from the matrix module, so a drift in either shows up here.
"""
import pytest

from otp.governance import DEFAULT_CATALOG, LEVELS

from ._helpers import agent, effect, policy, rule

EXPECTED = {
    "read":                    "AAAAAAAA",
    "escalation.raise":        "AAAAAAAA",
    "measurable.report":       "KAAAAAAA",
    "headline.post":           "KAAAAAAA",
    "note.add":                "KAAAAAAA",
    "learning.capture":        "KAAAAAAA",
    "meeting.prep":            "KAAAAAAA",
    "todo.create":             "KKAAAAAA",
    "todo.complete":           "KKAAAAAA",
    "issue.raise":             "KKAAAAAA",
    "issue.update":            "KKKAAAAA",
    "meeting.run":             "KKKAAAAA",
    "meeting.series":          "KKKKKKAA",
    "meeting.series.delete":   "KKKKKKKK",
    "measurable.create":       "KKKKAAAA",
    "measurable.update":       "KKKKAAAA",
    "outcome.update_status":   "KKKKAAAA",
    "outcome.submit_evidence": "KKKKAAAA",
    "milestone.update":        "KKKKAAAA",
    "issue.solve":             "KKKKKAAA",
    "external.communicate":    "KKKKKAAA",
    "external.spend":          "KKKKKAAA",
    "outcome.create":          "KKKKKKAA",
    "outcome.update":          "KKKKKKAA",
    "outcome.complete":        "KKKKKKAA",
    "todo.assign":             "KKKKKKAA",
    "sop.edit":                "KKKKKKAA",
    "oos.edit":                "KKKKKKAA",
    "outcome.assign":          "KKKKKKKA",
    "approval.decide":         "KKKKKKKA",
    "escalation.resolve":      "KKKKKKKA",
    "seat.change":             "KKKKKKKK",
    "agent.manage":            "KKKKKKKK",
    "oos.publish":             "KKKKKKKK",
    "budget.change":           "KKKKKKKK",
    "data.delete":             "KKKKKKKK",
    "deploy":                  "KKKKKKKK",
    "policy.change":           "DDDDDDDD",
    "agent.level.change":      "DDDDDDDD",
    "token.manage":            "DDDDDDDD",
    "person.manage":           "DDDDDDDD",
    "org.settings":            "DDDDDDDD",
    "runtime.configure":       "DDDDDDDD",
    "agent.wake":              "DDDDDDDD",
}
LETTER = {"A": "allow", "K": "ask", "D": "deny"}
POLICY = policy()


def test_the_expectation_table_covers_exactly_the_catalogue():
    assert set(EXPECTED) == set(DEFAULT_CATALOG)


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_each_level_gets_the_ladder_effect_for_each_class(action, level):
    assert effect(POLICY, agent(level), action) == LETTER[EXPECTED[action][level - 1]]


@pytest.mark.parametrize("level", LEVELS)
def test_a_matrix_decision_names_its_level_and_class(level):
    assert rule(POLICY, agent(level), "measurable.report") == f"matrix:L{level}:measurable.report"


def test_level_seven_asks_for_every_irreversible_high_impact_class_except_spend_within_limit():
    for name, cls in DEFAULT_CATALOG.items():
        if not cls.reversible and cls.impact == "high" and name != "external.spend":
            assert effect(POLICY, agent(7), name) in ("ask", "deny"), name


def test_effects_never_get_stricter_as_the_level_rises():
    order = {"allow": 0, "ask": 1, "deny": 2}
    for name in DEFAULT_CATALOG:
        effects = [order[effect(POLICY, agent(lv), name)] for lv in LEVELS]
        assert effects == sorted(effects, reverse=True), name
