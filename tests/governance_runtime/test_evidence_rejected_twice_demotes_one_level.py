"""Evidence rejected twice on an outcome an agent owns is an incident: the worker records it and
the agent drops one level (one incident per two rejections, however often the worker runs)."""
from otp.core import clock
from otp.governance.jobs import evidence_rejections
from tests.governance_runtime.kit import agent_row, chart, incidents, ledger


def submit_and_reject(org, outcome_id: str, reviewer_token: str) -> None:
    org.ok("POST", f"/api/v1/outcomes/{outcome_id}/evidence",
           {"kind": "link", "summary": "Report", "url": "https://example.com/r"}, status=201)
    org.ok("POST", f"/api/v1/outcomes/{outcome_id}/complete", {})
    org.ok("POST", f"/api/v1/outcomes/{outcome_id}/review", {"accept": False, "reason": "Not convincing"},
           token=reviewer_token)


def test_two_rejections_demote_once_and_four_demote_twice(org, db):
    c = chart(org, level=6)
    rock = org.ok("POST", "/api/v1/outcomes", {"title": "Ship the report", "definition_of_done": "Sent",
                                                "owner_seat_id": c.worker["id"]}, status=201)
    reviewer = org.token_for(person=c.member)  # the Lead seat above reviews by default
    submit_and_reject(org, rock["id"], reviewer)
    evidence_rejections(db, clock.now())
    assert incidents(db, c.agent["id"]) == [] and agent_row(db, c.agent["id"]).level == 6
    submit_and_reject(org, rock["id"], reviewer)
    for _ in range(2):  # a second run finds nothing new
        evidence_rejections(db, clock.now())
    [incident] = incidents(db, c.agent["id"])
    assert incident.kind == "evidence_rejected" and agent_row(db, c.agent["id"]).level == 5
    [entry] = ledger(db, c.agent["id"])
    assert (entry.from_level, entry.to_level, entry.signed_by_kind, entry.incident_id) == (6, 5, "system", incident.id)
    submit_and_reject(org, rock["id"], reviewer)
    evidence_rejections(db, clock.now())
    assert agent_row(db, c.agent["id"]).level == 5
    submit_and_reject(org, rock["id"], reviewer)
    evidence_rejections(db, clock.now())
    assert agent_row(db, c.agent["id"]).level == 4 and len(incidents(db, c.agent["id"])) == 2
