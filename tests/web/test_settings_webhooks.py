"""/settings/webhooks: create (the secret shown once), send a test ping that lands in the
delivery log with its status, disable and enable, rotate the secret; bad URLs refused by name."""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from otp.core import clock
from otp.outbox.jobs import deliver_webhooks
from otp.outbox.models import WebhookSubscription
from tests.outbox.kit import Receiver
from tests.web.kit import web


def _create(k, url: str = "https://hooks.example.com/otp", filters: str = "seat.*, approval.*"):
    response = k.post("/settings/webhooks", {"url": url, "filters": filters, "description": "Slack bridge"})
    secret = re.search(r'id="secret-text">(whsec_[^<]+)<', response.text)
    with k.db.read() as s:
        sub = s.execute(select(WebhookSubscription).where(WebhookSubscription.org_id == k.org_id)
                        .order_by(WebhookSubscription.created_at.desc())).scalars().first()
    return response, secret.group(1) if secret else None, sub


def test_a_new_webhook_shows_its_secret_once(demo_db):
    with web(demo_db) as k:
        response, secret, sub = _create(k)
        assert response.status_code == 201 and secret == sub.secret and sub.filters == ["seat.*", "approval.*"]
        assert k.events("webhook.created") == 1
        listing = k.get("/settings/webhooks").text
        assert "https://hooks.example.com/otp" in listing and secret not in listing
        assert secret not in k.get(f"/settings/webhooks/{sub.id}").text


def test_a_private_or_malformed_url_is_refused_next_to_the_field(demo_db):
    with web(demo_db) as k:
        for url in ("http://127.0.0.1/hooks", "ftp://example.com"):
            response, _secret, sub = _create(k, url=url)
            assert response.status_code == 422 and 'id="err-url"' in response.text and sub is None


def test_a_test_ping_is_delivered_and_logged_with_its_status(demo_db, monkeypatch):
    monkeypatch.setenv("OTP_WEBHOOK_ALLOW_PRIVATE", "1")  # the receiver runs on this machine
    with web(demo_db) as k, Receiver(statuses=[503]) as receiver:
        _response, _secret, sub = _create(k, url=receiver.url)
        assert k.post(f"/settings/webhooks/{sub.id}/test").status_code == 303
        assert k.events("webhook.test_requested") == 1
        deliver_webhooks(k.db, clock.now(), org_id=k.org_id)  # the receiver answers 503: a failure
        page = k.get(f"/settings/webhooks/{sub.id}").text
        assert "webhook.ping" in page and ">503</span>" in page and "1 failed in a row" not in page
        assert "Failed in a row</dt><dd>1</dd>" in page
        clock.freeze(clock.now() + timedelta(hours=1))  # past the backoff
        try:
            deliver_webhooks(k.db, clock.now(), org_id=k.org_id)
        finally:
            clock.reset()
        page = k.get(f"/settings/webhooks/{sub.id}").text
        assert "200 delivered" in page and "(retry)" in page


def test_disable_enable_and_rotate_are_recorded(demo_db):
    with web(demo_db) as k:
        _response, secret, sub = _create(k)
        assert k.post(f"/settings/webhooks/{sub.id}/active", {"active": "false"}).status_code == 303
        assert "not while disabled" in k.get(f"/settings/webhooks/{sub.id}").text
        assert k.post(f"/settings/webhooks/{sub.id}/active", {"active": "true"}).status_code == 303
        rotated = k.post(f"/settings/webhooks/{sub.id}/rotate")
        new = re.search(r'id="secret-text">(whsec_[^<]+)<', rotated.text).group(1)
        with k.db.read() as s:
            assert s.get(WebhookSubscription, sub.id).secret == new != secret
        assert k.events("webhook.updated") == 2 and k.events("webhook.secret_rotated") == 1


def test_a_member_neither_sees_nor_manages_webhooks(demo_db):
    with web(demo_db) as k:
        _response, _secret, sub = _create(k)
        k.login("priya@example.com")
        page = k.get("/settings/webhooks").text
        assert "only owners and admins see and manage them" in page and "hooks.example.com" not in page
        assert k.post(f"/settings/webhooks/{sub.id}/rotate").status_code == 403
        assert k.events("webhook.secret_rotated") == 0
