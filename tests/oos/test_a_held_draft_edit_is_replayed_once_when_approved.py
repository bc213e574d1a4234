"""Draft edits are governed as `oos.edit`: an agent below level 7 is asked (202 and an approval
request, nothing changed); approving replays exactly the held edit, once, as the agent."""
from sqlalchemy import select

from otp.governance.models import ApprovalRequest
from otp.oos.document import parse

from .kit import OOS, crew, export, import_fixture

NEW_CLAIM = {"section": "failure_patterns", "rule": "Take the run lock before a rerun.",
             "why": "Reruns double-post the numbers.", "failure_mode": "Numbers counted twice.",
             "confidence": "MEDIUM", "evidence": "OBSERVED_ONCE", "scope": "All agents"}


def _held(org, response) -> ApprovalRequest:
    assert response.status_code == 202, response.text
    with org.db.read() as s:
        return s.get(ApprovalRequest, response.json()["error"]["approval_id"])


def test_an_agent_below_level_7_is_asked_and_nothing_changes(org):
    c = crew(org, level=6)
    import_fixture(org)
    before, text = org.event_count(), export(org)
    held = _held(org, org.call("PATCH", f"{OOS}/draft/claims/C003", json={"confidence": "LOW"}, token=c.token))
    assert (held.action, held.state, held.rule) == ("oos.edit", "pending", "matrix:L6:oos.edit")
    assert held.payload == {"op": "edit_claim", "claim_id": "C003", "changes": {"confidence": "LOW"}}
    assert export(org) == text and not org.events("oos.claim_edited")
    assert [e.action for e in org.events()[-(org.event_count() - before):]] == ["approval.requested"]


def test_approving_applies_the_held_edit_once_as_the_agent(org):
    c = crew(org, level=6)
    import_fixture(org)
    held = _held(org, org.call("PATCH", f"{OOS}/draft/claims/C003", json={"confidence": "LOW"}, token=c.token))
    org.ok("POST", f"/api/v1/approvals/{held.id}/approve", {})
    assert parse(export(org)).claim("C003").confidence == "LOW"
    edits = org.events("oos.claim_edited")
    assert len(edits) == 1 and (edits[0].actor_kind, edits[0].actor_id) == ("agent", c.agent["id"])
    assert edits[0].payload == {"claim_id": "C003", "changes": {"confidence": "LOW"}}
    assert org.post(f"/api/v1/approvals/{held.id}/approve", json={}).status_code == 409
    assert len(org.events("oos.claim_edited")) == 1


def test_a_held_new_claim_is_added_exactly_once_when_approved(org):
    c = crew(org, level=3)
    import_fixture(org)
    held = _held(org, org.call("POST", f"{OOS}/draft/claims", json=NEW_CLAIM, token=c.token))
    assert held.payload == {"op": "add_claim", "claim": NEW_CLAIM}
    org.ok("POST", f"/api/v1/approvals/{held.id}/approve", {})
    doc = parse(export(org))
    assert [x.rule for x in doc.claims].count(NEW_CLAIM["rule"]) == 1 and doc.frontmatter.claim_count == 25
    assert [e.payload["claim_id"] for e in org.events("oos.claim_added")] == ["C025"]


def test_a_rejected_edit_never_runs(org):
    c = crew(org, level=6)
    import_fixture(org)
    text = export(org)
    held = _held(org, org.call("DELETE", f"{OOS}/draft/claims/C001", token=c.token))
    org.ok("POST", f"/api/v1/approvals/{held.id}/reject", {"reason": "Keep it"})
    assert export(org) == text and not org.events("oos.claim_removed")


def test_at_level_7_the_agent_edits_the_draft_directly(org):
    c = crew(org, level=7)
    import_fixture(org)
    org.ok("PATCH", f"{OOS}/draft/claims/C003", {"confidence": "LOW"}, token=c.token)
    assert parse(export(org)).claim("C003").confidence == "LOW"
    with org.db.read() as s:
        assert not s.execute(select(ApprovalRequest).where(ApprovalRequest.org_id == org.org_id)).first()
    assert org.events("oos.claim_edited")[0].actor_id == c.agent["id"]


def test_every_governed_oos_write_declares_the_202_of_a_held_action(client):
    paths = client.get("/openapi.json").json()["paths"]
    writes = [(p, m) for p, ops in paths.items() if p.startswith(OOS) for m in ops if m != "get"]
    assert ("/api/v1/oos/draft/claims/{claim_id}", "patch") in writes
    reads = {f"{OOS}/diff", f"{OOS}/check"}  # POSTs that only read: nothing to hold
    undeclared = [(p, m) for p, m in writes if p not in reads and "202" not in paths[p][m]["responses"]]
    assert undeclared == []
