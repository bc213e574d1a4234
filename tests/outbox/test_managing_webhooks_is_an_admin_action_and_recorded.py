"""Webhook subscriptions are managed by owners and admins; every change is an event; bad input is
refused naming the field; a test ping is delivered and logged; the log pages."""
from __future__ import annotations

import pytest

from tests.outbox.kit import CLOSED_PORT_URL, Receiver, deliver, hook, poke


def test_create_update_delete_are_recorded(org):
    created = hook(org, CLOSED_PORT_URL, filters=["seat.*"])
    assert (created["active"], created["filters"], created["failure_count"]) == (True, ["seat.*"], 0)
    updated = org.ok("PATCH", f"/api/v1/webhooks/{created['id']}", {"filters": ["sop.*"], "active": False})
    assert updated["filters"] == ["sop.*"] and updated["active"] is False and updated["disabled_reason"]
    org.ok("DELETE", f"/api/v1/webhooks/{created['id']}")
    assert org.get(f"/api/v1/webhooks/{created['id']}").status_code == 404
    assert [e.action for e in org.events() if e.entity_type == "webhook"] == [
        "webhook.created", "webhook.updated", "webhook.deleted"]


def test_members_and_agents_cannot_see_or_manage_webhooks(org):
    created = hook(org, CLOSED_PORT_URL)
    member = org.token_for(person=org.person("Mo Member"))
    before = org.event_count()
    assert org.get("/api/v1/webhooks", token=member).status_code == 403
    assert org.post("/api/v1/webhooks", json={"url": CLOSED_PORT_URL}, token=member).status_code == 403
    assert org.call("DELETE", f"/api/v1/webhooks/{created['id']}", token=member).status_code == 403
    assert org.event_count() == before


@pytest.mark.parametrize("body, field", [
    ({"url": "ftp://example.com/x"}, "url"),
    ({"url": "http://"}, "url"),
    ({"url": CLOSED_PORT_URL, "filters": []}, "filters"),
    ({"url": CLOSED_PORT_URL, "filters": ["Seat Created"]}, "filters.0"),
    ({"url": CLOSED_PORT_URL, "secret": "whsec_mine"}, "secret"),
])
def test_bad_input_is_refused_naming_the_field_and_changes_nothing(org, body, field):
    before = org.event_count()
    response = org.post("/api/v1/webhooks", json=body)
    assert response.status_code == 422 and response.json()["error"]["field"] == field, response.text
    assert org.event_count() == before and org.ok("GET", "/api/v1/webhooks") == []


def test_a_test_ping_is_delivered_logged_and_the_log_pages(org):
    org.root()
    with Receiver() as rx:
        created = hook(org, rx.url, filters=["test.*"])
        org.ok("POST", f"/api/v1/webhooks/{created['id']}/test", status=202)
        poke(org)
        assert deliver(org) == 2
    assert [b["type"] for b in rx.bodies()] == ["webhook.ping", "test.poked"]
    page = org.ok("GET", f"/api/v1/webhooks/{created['id']}/deliveries", params={"limit": 1})
    assert [d["event_type"] for d in page["items"]] == ["test.poked"] and page["next_cursor"]
    rest = org.ok("GET", f"/api/v1/webhooks/{created['id']}/deliveries", params={"cursor": page["next_cursor"]})
    assert [(d["event_type"], d["success"], d["status_code"]) for d in rest["items"]] == [("webhook.ping", True, 200)]
    assert rest["next_cursor"] is None


def test_events_name_a_receiver_by_scheme_and_host_never_its_secret_bearing_path(org):
    url = "http://127.0.0.1:9/hooks/t0ken-in-the-path?key=s3cret"
    created = hook(org, url)
    org.ok("PATCH", f"/api/v1/webhooks/{created['id']}", {"url": url + "2"})
    org.ok("DELETE", f"/api/v1/webhooks/{created['id']}")
    agent = org.token_for(agent=org.agent("Reader"))
    items = org.ok("GET", "/api/v1/events", params={"entity_type": "webhook"}, token=agent)["items"]
    assert [e["action"] for e in items] == ["webhook.created", "webhook.updated", "webhook.deleted"]
    assert all(e["payload"]["receiver"] == "http://127.0.0.1:9" for e in items)
    assert "t0ken" not in str(items) and "s3cret" not in str(items)
