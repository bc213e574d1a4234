"""Escalations: raise one, see who holds it, resolve it."""
from __future__ import annotations

from tests.web.kit import web


def test_an_escalation_goes_to_the_person_above_and_is_resolved_from_the_page(demo_db):
    with web(demo_db) as k:
        k.login("priya@example.com")
        assert k.post("/escalations", {"reason": "Client wants a refund", "urgency": "high"}).status_code == 303
        k.login("daniel@example.com")
        page = k.get("/escalations").text
        assert "Client wants a refund" in page and "Daniel Okafor" in page
        escalation = page.split('action="/escalations/')[1].split("/resolve")[0]
        assert k.post(f"/escalations/{escalation}/resolve", {"resolution": "Refund half"}).status_code == 303
        assert "Refund half" in k.get("/escalations?state=resolved").text


def test_resolving_without_a_resolution_is_refused_next_to_the_field(demo_db):
    with web(demo_db) as k:
        k.login("priya@example.com")
        k.post("/escalations", {"reason": "Client wants a refund"})
        escalation = k.get("/escalations").text.split('action="/escalations/')[1].split("/resolve")[0]
        response = k.post(f"/escalations/{escalation}/resolve", {"resolution": ""})
        assert response.status_code == 422 and 'id="err-resolution"' in response.text
