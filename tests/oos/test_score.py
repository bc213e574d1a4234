import pytest

from otp.oos.score import (
    claim_count_score, combine, confidence_mix_score, evidence_strength_score, failure_knowledge_score,
    score, tier_for,
)

from .helpers import claim, fixture_doc, valid_doc


@pytest.mark.parametrize("claims, sub", [(0, 1), (15, 1), (16, 2), (25, 2), (26, 3), (39, 3), (40, 4), (400, 4)])
def test_claim_count_sub_score_thresholds(claims, sub):
    assert claim_count_score(claims) == sub


@pytest.mark.parametrize("share, sub", [(0.0, 1), (0.1499, 1), (0.15, 2), (0.2999, 2), (0.30, 3), (0.4999, 3),
                                        (0.50, 4), (1.0, 4)])
def test_evidence_strength_sub_score_thresholds(share, sub):
    assert evidence_strength_score(share) == sub


@pytest.mark.parametrize("failures, sub", [(0, 0), (1, 1), (2, 1), (3, 2), (5, 2), (6, 3), (9, 3), (10, 4)])
def test_failure_knowledge_sub_score_thresholds(failures, sub):
    assert failure_knowledge_score(failures) == sub


@pytest.mark.parametrize("levels, sub", [(0, 0), (1, 1), (2, 2), (3, 4)])
def test_confidence_mix_sub_score_by_distinct_levels(levels, sub):
    assert confidence_mix_score(levels) == sub


# score = (3c + 5e + 4f + 2m) / 14, so the tier floors 3.5 / 2.5 / 1.5 are sums 49 / 35 / 21.
@pytest.mark.parametrize("subs, total, tier", [
    ((4, 4, 4, 4), 4.0, "Platinum"),
    ((3, 4, 4, 2), 3.5, "Platinum"),        # exactly on the Platinum floor
    ((4, 4, 3, 2), 3.4286, "Gold"),         # one step below it
    ((2, 4, 2, 2), 2.7143, "Gold"),         # the fixture
    ((1, 4, 2, 2), 2.5, "Gold"),            # exactly on the Gold floor
    ((2, 4, 2, 0), 2.4286, "Silver"),
    ((1, 2, 1, 2), 1.5, "Silver"),          # exactly on the Silver floor
    ((1, 1, 1, 4), 1.4286, "Bronze"),
    ((1, 1, 1, 1), 1.0, "Bronze"),
    ((1, 1, 0, 1), 0.7143, "Bronze"),
])
def test_weighted_score_and_tier(subs, total, tier):
    assert combine(*subs) == pytest.approx(total, abs=1e-4)
    assert tier_for(combine(*subs)) == tier


@pytest.mark.parametrize("value, tier", [(3.4999, "Gold"), (3.5, "Platinum"), (2.4999, "Silver"), (2.5, "Gold"),
                                         (1.4999, "Bronze"), (1.5, "Silver")])
def test_tier_boundaries(value, tier):
    assert tier_for(value) == tier


def test_fixture_scores_gold_with_its_sub_scores():
    result = score(fixture_doc())
    assert (result.claim_count, result.evidence_strength, result.failure_knowledge, result.confidence_mix) == (2, 4, 2, 2)
    assert result.tier == "Gold" and result.score == pytest.approx(2.7143, abs=1e-4)
    assert (result.claims, result.failure_claims, result.confidence_levels) == (24, 5, 2)


def test_score_comes_from_claims_not_from_the_frontmatter():
    doc = valid_doc([claim(i, section="failure_patterns", confidence=c, evidence="MEASURED_RESULT")
                     for i, c in enumerate(["HIGH", "MEDIUM", "LOW"] * 4, start=1)])
    doc.frontmatter.data["claim_count"] = 999
    result = score(doc)
    assert (result.claim_count, result.evidence_strength, result.failure_knowledge, result.confidence_mix) == (1, 4, 4, 4)
    assert result.tier == "Gold"
