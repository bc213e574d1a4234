"""A webhook in the `cloudevents` format delivers CloudEvents 1.0 in structured JSON mode: the
official `cloudevents` SDK parses it (type dev.otp.<action>, source = the public URL +
/organizations/<slug>, id = the webhook-id, subject = the entity, data = the event), and the
Standard Webhooks signature still verifies with the independent `standardwebhooks` package. A
retry is the same event (same id, same bytes); a test ping follows the format too."""
from __future__ import annotations

import pytest
from standardwebhooks.webhooks import Webhook

from otp.core import clock
from tests.outbox.kit import Receiver, deliver, hook, log, poke, row

try:  # cloudevents < 2 exposes the HTTP binding at cloudevents.http; 2.x keeps it under v1
    from cloudevents.http import from_http
except ImportError:
    from cloudevents.v1.http import from_http

PUBLIC = "https://otp.example.com"


@pytest.fixture(autouse=True)
def public_url(monkeypatch):
    monkeypatch.setenv("OTP_PUBLIC_URL", PUBLIC)


def test_the_sdk_parses_the_delivery_and_the_signature_verifies(org):
    with Receiver() as rx:
        created = hook(org, rx.url, filters=["test.*"], fmt="cloudevents")
        [seq] = poke(org, entity_id="t_1")
        assert deliver(org) == 1
    [(headers, body)] = rx.requests
    assert headers["content-type"] == "application/cloudevents+json"
    event = from_http(headers, body)
    [recorded] = org.events("test.poked")
    assert (event["specversion"], event["type"], event["source"], event["subject"]) == (
        "1.0", "dev.otp.test.poked", f"{PUBLIC}/organizations/{org.slug}", "test/t_1")
    assert event["id"] == headers["webhook-id"] == f"evt_{recorded.id}"
    assert event["datacontenttype"] == "application/json"
    assert event.data["seq"] == seq and event.data["entity"] == {"type": "test", "id": "t_1"}
    assert event.data["payload"] == {"n": 0} and event["time"] == event.data["occurred_at"]
    assert Webhook(created["secret"]).verify(body, headers)["type"] == "dev.otp.test.poked"


def test_a_retry_carries_the_same_id_and_the_same_bytes(org, db):
    clock.freeze(clock.now())
    with Receiver([503]) as rx:
        created = hook(org, rx.url, filters=["test.*"], fmt="cloudevents")
        poke(org, entity_id="t_1")
        assert deliver(org) == 0
        clock.advance(row(db, created["id"]).next_attempt_at - clock.now())  # the first backoff, ~30 s
        assert deliver(org) == 1
    (first_headers, first), (second_headers, second) = rx.requests
    assert first == second and from_http(first_headers, first)["id"] == from_http(second_headers, second)["id"]
    assert first_headers["webhook-id"] == second_headers["webhook-id"]
    verifier = Webhook(created["secret"])
    verifier.verify(first, first_headers)
    verifier.verify(second, second_headers)
    assert [(d.attempt, d.success) for d in log(db, created["id"])] == [(1, False), (2, True)]


def test_a_test_ping_is_a_cloudevent_too(org):
    with Receiver() as rx:
        created = hook(org, rx.url, filters=["test.*"], fmt="cloudevents")
        org.ok("POST", f"/api/v1/webhooks/{created['id']}/test", status=202)
        assert deliver(org) == 1
    [(headers, body)] = rx.requests
    event = from_http(headers, body)
    assert (event["type"], event["subject"], event.data) == (
        "dev.otp.webhook.ping", f"webhook/{created['id']}", {"webhook_id": created["id"]})
    assert event["id"] == headers["webhook-id"] and headers["webhook-id"].startswith("ping_")
    Webhook(created["secret"]).verify(body, headers)


def test_an_event_without_an_entity_has_no_subject(org):
    with Receiver() as rx:
        hook(org, rx.url, filters=["test.*"], fmt="cloudevents")
        poke(org)
        assert deliver(org) == 1
    event = from_http(*rx.requests[0])
    assert event.get("subject") is None and event["type"] == "dev.otp.test.poked"
