"""Deliveries are signed the Standard Webhooks way; the independent `standardwebhooks` package
verifies them with the secret shown at creation."""
from __future__ import annotations

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from tests.outbox.kit import Receiver, deliver, hook, poke


def test_every_delivery_verifies_and_a_tampered_one_does_not(org):
    org.root()
    with Receiver() as rx:
        created = hook(org, rx.url)
        seqs = poke(org, 3)
        assert deliver(org) == 3
    verifier = Webhook(created["secret"])
    for headers, body in rx.requests:
        payload = verifier.verify(body, headers)
        assert payload["type"] == "test.poked" and headers["webhook-id"].startswith("evt_")
    assert rx.seqs() == seqs
    headers, body = rx.requests[0]
    with pytest.raises(WebhookVerificationError):
        verifier.verify(body.replace(b"test.poked", b"test.faked"), headers)


def test_the_secret_is_shown_once_and_differs_per_subscription(org):
    first, second = hook(org, "http://127.0.0.1:9/a"), hook(org, "http://127.0.0.1:9/b")
    assert first["secret"].startswith("whsec_") and first["secret"] != second["secret"]
    assert "secret" not in org.ok("GET", f"/api/v1/webhooks/{first['id']}")
    assert all("secret" not in w for w in org.ok("GET", "/api/v1/webhooks"))
    assert all("secret" not in str(e.payload) for e in org.events("webhook.created"))
