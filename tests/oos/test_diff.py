from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st

from otp.oos.diff import diff_all_pairs, diff_orgs, diff_versions
from otp.oos.similarity import DUPLICATE_THRESHOLD, SIMILAR_THRESHOLD, claim_tokens, jaccard, tokens

from .helpers import claim, fixture_doc, reparse


def c(i, words, why="", scope=""):
    return claim(i, rule=words, why=why, scope=scope)


def test_similarity_is_jaccard_over_content_words_of_rule_why_and_scope():
    x = c(1, "Agents write state files", why="Files do not drift", scope="All agents")
    assert claim_tokens(x) == {"agents", "write", "state", "files", "drift"}
    assert jaccard(tokens("the founder decides"), tokens("founder decides now")) == Fraction(2, 3)
    assert jaccard(frozenset(), frozenset()) == 0


@pytest.mark.parametrize("b_words, kind", [
    ("alpha beta gamma delta epsilon", "DUPLICATE"),          # 5/5 = 1.0
    ("alpha beta gamma delta zeta", "SIMILAR"),               # 4/6 = 0.67
    ("alpha beta gamma delta epsilon zeta", "DUPLICATE"),     # 5/6 = 0.83
    ("alpha beta gamma delta eta theta iota kappa", None),    # 4/9 < 0.5: no match
])
def test_claims_are_classified_by_similarity_thresholds(b_words, kind):
    a = [c(1, "alpha beta gamma delta epsilon")]
    result = diff_orgs(a, [c(1, b_words)])
    overlap = len(tokens(a[0].rule) & tokens(b_words))
    union = len(tokens(a[0].rule) | tokens(b_words))
    expected = ("DUPLICATE" if Fraction(overlap, union) >= DUPLICATE_THRESHOLD else
                "SIMILAR" if Fraction(overlap, union) >= SIMILAR_THRESHOLD else None)
    assert expected == kind
    assert [m.kind for m in result.matches] == ([kind] if kind else [])


@pytest.mark.parametrize("overlap, only_a, only_b, kind", [
    (4, 0, 1, "DUPLICATE"),   # 4/5 = 0.8 exactly: DUPLICATE
    (7, 1, 1, "SIMILAR"),     # 7/9 just below 0.8
    (2, 1, 1, "SIMILAR"),     # 2/4 = 0.5 exactly: SIMILAR
    (3, 2, 2, None),          # 3/7 below 0.5: unique on both sides
])
def test_threshold_boundaries_are_inclusive(overlap, only_a, only_b, kind):
    shared = [f"s{i}" for i in range(overlap)]
    a = c(1, " ".join(shared + [f"a{i}" for i in range(only_a)]))
    b = c(1, " ".join(shared + [f"b{i}" for i in range(only_b)]))
    result = diff_orgs([a], [b])
    assert [m.kind for m in result.matches] == ([kind] if kind else [])
    assert result == diff_all_pairs([a], [b])


def test_summary_counts_each_class_and_unmatched_claims():
    a = [c(1, "one seat one owner"), c(2, "files beat memory always daily"), c(3, "retention overrides sales")]
    b = [c(1, "one seat one owner"), c(2, "files beat memory always weekly"), c(3, "nightly scans at two")]
    result = diff_orgs(a, b)
    assert result.summary == {"DUPLICATE": 1, "SIMILAR": 1, "UNIQUE_TO_A": 1, "UNIQUE_TO_B": 1}
    assert result.unique_to_a == ("C003",) and result.unique_to_b == ("C003",)


def test_each_claim_is_matched_at_most_once_best_pair_first():
    a = [c(1, "alpha beta gamma delta")]
    b = [c(1, "alpha beta gamma zeta"), c(2, "alpha beta gamma delta")]
    result = diff_orgs(a, b)
    assert [(m.a_id, m.b_id, m.kind) for m in result.matches] == [("C001", "C002", "DUPLICATE")]
    assert result.unique_to_b == ("C001",)


def test_fixture_against_itself_is_all_duplicates():
    result = diff_orgs(fixture_doc(), fixture_doc())
    assert result.summary == {"DUPLICATE": 24, "SIMILAR": 0, "UNIQUE_TO_A": 0, "UNIQUE_TO_B": 0}


WORDS = st.sampled_from([f"w{i}" for i in range(14)] + ["the", "and", "agent", "founder"])
CLAIMS = st.lists(st.lists(WORDS, min_size=0, max_size=9).map(" ".join), min_size=0, max_size=14)


@settings(max_examples=300, deadline=None)
@given(CLAIMS, CLAIMS)
def test_fast_diff_gives_the_same_result_as_all_pairs(a_rules, b_rules):
    a = [c(i + 1, rule) for i, rule in enumerate(a_rules)]
    b = [c(i + 1, rule) for i, rule in enumerate(b_rules)]
    assert diff_orgs(a, b) == diff_all_pairs(a, b)


def test_version_diff_lists_added_removed_and_field_level_changes():
    old = fixture_doc()
    new = fixture_doc()
    new.claim("C002").confidence = "MEDIUM"
    new.claim("C002").scope = "Narrower."
    new.remove_claim("C024")
    new.add_claim(claim(25, section="failure_patterns"))
    new.frontmatter.version, new.frontmatter.parent_version = 2, 1
    result = diff_versions(old, reparse(new))
    assert result.added == ("C025",) and result.removed == ("C024",)
    assert [(m.id, [(f.field, f.old, f.new) for f in m.changes]) for m in result.modified] == [
        ("C002", [("confidence", "HIGH", "MEDIUM"), ("scope", old.claim("C002").scope, "Narrower.")])]
    assert [(f.field, f.old, f.new) for f in result.frontmatter] == [("version", 1, 2), ("parent_version", None, 1)]
    assert result.summary == {"added": 1, "removed": 1, "modified": 1, "unchanged": 22}
