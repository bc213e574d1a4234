from otp.auth.tokens import person_actor
from otp.oos.learning import capture_learning
from otp.oos.validate import validate

from .kit import draft_doc, import_fixture, learn


def test_a_failure_lands_in_failure_patterns_with_who_when_and_which_agent(org):
    import_fixture(org)
    agent = org.agent("nightly-reporter")
    result = learn(org, agent_id=agent["id"])
    claim = draft_doc(org).claim(result["claim_id"])
    assert (claim.section, claim.evidence, claim.confidence) == ("failure_patterns", "OBSERVED_ONCE", "MEDIUM")
    assert claim.scope == "Agent: nightly-reporter" and claim.failure_mode == "The nightly report ran twice"
    assert f"captured by person {org.owner_id}" in claim.provenance and agent["id"] in claim.provenance
    assert "Olive" not in claim.provenance  # a person's name never goes into a publishable document


def test_without_a_failure_it_is_an_operational_heuristic(org):
    import_fixture(org)
    result = learn(org, what_failed=None, do_instead="Batch the morning reports", why="One message beats five")
    assert result["section"] == "operational_heuristics"
    assert draft_doc(org).claim(result["claim_id"]).section == "operational_heuristics"


def test_counts_in_the_frontmatter_stay_consistent(org):
    import_fixture(org)
    learn(org)
    doc = draft_doc(org)
    assert doc.frontmatter.claim_count == 25
    assert not [f for f in validate(doc) if f.code.startswith("count.")]


def test_the_same_learning_twice_is_observed_repeatedly_not_duplicated(org):
    import_fixture(org)
    first, second = learn(org), learn(org)
    assert first["claim_id"] == second["claim_id"] and second["times_seen"] == 2
    doc = draft_doc(org)
    assert len(doc.claims) == 25 and doc.claim(first["claim_id"]).evidence == "OBSERVED_REPEATEDLY"


def test_an_agent_captures_a_learning_about_itself_with_its_own_token(org):
    org.root()
    agent = org.agent("ops-bot", level=3)
    result = learn(org, token=org.token_for(agent=agent))
    assert result["agent_id"] == agent["id"]
    assert "captured by agent ops-bot" in draft_doc(org).claim(result["claim_id"]).provenance


def test_the_first_learning_of_an_organization_starts_its_draft(org):
    result = learn(org)
    doc = draft_doc(org)
    assert [c.id for c in doc.claims] == [result["claim_id"]] and doc.frontmatter.template == "org_chart"


def test_the_service_takes_the_signature_mcp_will_call(org):
    with org.db.write() as s:
        row = capture_learning(s, person_actor(s, org.owner_id, org.org_id), what_failed="Deploy on Friday broke",
                               do_instead="Deploy Monday to Thursday", why="Nobody is around on weekends",
                               section="core_operating_rules", confidence="high")
        assert (row.section, row.confidence, row.claim_id) == ("core_operating_rules", "HIGH", "C001")
    assert [e.action for e in org.events("oos.learning_captured")] == ["oos.learning_captured"]


def test_learnings_captured_at_the_same_time_all_land_with_distinct_ids(org):
    from concurrent.futures import ThreadPoolExecutor

    import_fixture(org)

    def capture(i):
        with org.db.write() as s:
            return capture_learning(s, person_actor(s, org.owner_id, org.org_id), what_failed=f"Run {i} failed",
                                    do_instead=f"Do thing {i}", why="Seen in production").claim_id

    with ThreadPoolExecutor(4) as pool:
        ids = list(pool.map(capture, range(8)))
    doc = draft_doc(org)
    assert len(set(ids)) == 8 and len(doc.claims) == 32 and doc.frontmatter.claim_count == 32
