"""A webhook's format is standard_webhooks unless chosen otherwise; choosing or changing it is an
admin action recorded in the webhook's events; anything else is refused naming `format`, and
nothing changes."""
from __future__ import annotations

import json

import pytest

from tests.outbox.kit import CLOSED_PORT_URL, Receiver, deliver, hook, poke


def test_the_default_is_standard_webhooks_with_todays_body(org):
    with Receiver() as rx:
        created = hook(org, rx.url, filters=["test.*"])
        poke(org)
        assert deliver(org) == 1
    assert created["format"] == "standard_webhooks"
    [(headers, body)] = rx.requests
    assert headers["content-type"] == "application/json" and list(json.loads(body)) == ["type", "timestamp", "data"]
    assert org.events("webhook.created")[-1].payload["format"] == "standard_webhooks"


def test_the_format_is_chosen_at_creation_changed_later_and_both_are_recorded(org):
    created = hook(org, CLOSED_PORT_URL, fmt="cloudevents")
    assert created["format"] == "cloudevents" == org.ok("GET", f"/api/v1/webhooks/{created['id']}")["format"]
    assert org.events("webhook.created")[-1].payload["format"] == "cloudevents"
    updated = org.ok("PATCH", f"/api/v1/webhooks/{created['id']}", {"format": "standard_webhooks"})
    assert updated["format"] == "standard_webhooks"
    assert org.events("webhook.updated")[-1].payload == {"format": "standard_webhooks"}
    before = org.event_count()
    org.ok("PATCH", f"/api/v1/webhooks/{created['id']}", {"format": "standard_webhooks"})  # a no-op: no event
    assert org.event_count() == before


@pytest.mark.parametrize("value", ["CloudEvents", "cloudevents+json", "", None, 1])
def test_a_bad_format_is_refused_naming_format_and_changes_nothing(org, value):
    created = hook(org, CLOSED_PORT_URL)
    before = org.event_count()
    response = org.post("/api/v1/webhooks", json={"url": CLOSED_PORT_URL, "format": value})
    assert response.status_code == 422 and response.json()["error"]["field"] == "format", response.text
    response = org.call("PATCH", f"/api/v1/webhooks/{created['id']}", json={"format": value})
    assert response.status_code == 422 and response.json()["error"]["field"] == "format", response.text
    assert org.event_count() == before
    assert [w["format"] for w in org.ok("GET", "/api/v1/webhooks")] == ["standard_webhooks"]


def test_the_format_is_governed_like_every_webhook_change(org):
    created = hook(org, CLOSED_PORT_URL)
    member = org.token_for(person=org.person("Mo Member"))
    before = org.event_count()
    response = org.call("PATCH", f"/api/v1/webhooks/{created['id']}", json={"format": "cloudevents"}, token=member)
    assert response.status_code == 403 and org.event_count() == before
    assert org.ok("GET", f"/api/v1/webhooks/{created['id']}")["format"] == "standard_webhooks"
