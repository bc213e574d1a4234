"""Rotating a webhook's secret: the new one is returned once, the next delivery is signed with it
(an independent verifier accepts it and refuses the old one), and the rotation is an event."""
from __future__ import annotations

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from tests.outbox.kit import Receiver, deliver, hook, poke


def test_the_next_delivery_is_signed_with_the_new_secret(org, monkeypatch):
    monkeypatch.setenv("OTP_WEBHOOK_ALLOW_PRIVATE", "1")
    with Receiver() as receiver:
        created = hook(org, receiver.url)
        rotated = org.ok("POST", f"/api/v1/webhooks/{created['id']}/rotate-secret")
        assert rotated["secret"].startswith("whsec_") and rotated["secret"] != created["secret"]
        poke(org)
        deliver(org)
        headers, body = receiver.requests[-1]
        Webhook(rotated["secret"]).verify(body, headers)
        with pytest.raises(WebhookVerificationError):
            Webhook(created["secret"]).verify(body, headers)
    assert [e.action for e in org.events() if e.entity_type == "webhook"] == ["webhook.created",
                                                                             "webhook.secret_rotated"]


def test_members_cannot_rotate_and_nothing_changes(org):
    created = hook(org, "https://hooks.example.com/x")
    member = org.token_for(person=org.person("Mo Member"))
    before = org.event_count()
    assert org.post(f"/api/v1/webhooks/{created['id']}/rotate-secret", token=member).status_code == 403
    assert org.event_count() == before
