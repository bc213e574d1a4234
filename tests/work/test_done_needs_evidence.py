"""Done is proven: completing without evidence is refused and changes nothing."""
from __future__ import annotations

from tests.work.kit import evidence, outcome, refused, status, team


def test_completing_without_evidence_is_refused(org):
    t = team(org)
    rock = outcome(org, t.lead["id"])
    before = org.event_count()
    response = org.post(f"/api/v1/outcomes/{rock['id']}/complete", {})
    error = refused(org, response, 409, "evidence", before)
    assert "evidence" in error["message"]
    assert org.ok("GET", f"/api/v1/outcomes/{rock['id']}")["status"] == "not_started"


def test_setting_status_done_without_evidence_is_refused_too(org):
    t = team(org)
    rock = outcome(org, t.lead["id"])
    before = org.event_count()
    refused(org, status(org, rock["id"], "done"), 409, "evidence", before)


def test_with_evidence_completing_awaits_review(org):
    t = team(org)
    rock = outcome(org, t.lead["id"])
    evidence(org, rock["id"])
    body = org.ok("POST", f"/api/v1/outcomes/{rock['id']}/complete", {"note": "signed"})
    assert body["status"] == "done_pending_review"
    assert [e["kind"] for e in body["evidence"]] == ["link"]


def test_every_evidence_kind_is_accepted(org):
    t = team(org)
    rock = outcome(org, t.lead["id"])
    evidence(org, rock["id"], kind="artifact", summary="s3://reports/q2.pdf", url=None)
    evidence(org, rock["id"], kind="measurable_value", summary="NPS", url=None, value=62)
    body = evidence(org, rock["id"], kind="note", summary="Confirmed by phone", url=None)
    assert [e["kind"] for e in body["evidence"]] == ["artifact", "measurable_value", "note"]


def test_link_evidence_needs_a_url_and_a_measurable_value_a_value(org):
    t = team(org)
    rock = outcome(org, t.lead["id"])
    before = org.event_count()
    response = org.post(f"/api/v1/outcomes/{rock['id']}/evidence", {"kind": "link", "summary": "x"})
    refused(org, response, 422, "url", before)
    response = org.post(f"/api/v1/outcomes/{rock['id']}/evidence", {"kind": "measurable_value", "summary": "x"})
    refused(org, response, 422, "value", before)
