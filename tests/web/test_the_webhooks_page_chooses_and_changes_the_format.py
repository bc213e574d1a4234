"""/settings/webhooks: the format is chosen when a webhook is added (Standard Webhooks unless
CloudEvents 1.0 is picked), shown in the list and on the webhook's page, changed there (recorded),
and a bad value is refused without a change."""
from __future__ import annotations

from sqlalchemy import select

from otp.outbox.models import WebhookSubscription
from tests.web.kit import web


def _only(k) -> WebhookSubscription:
    with k.db.read() as s:
        return s.execute(select(WebhookSubscription).where(WebhookSubscription.org_id == k.org_id)).scalar_one()


def test_the_format_is_chosen_shown_and_changed(demo_db):
    with web(demo_db) as k:
        form = k.get("/settings/webhooks").text
        assert 'id="wh-format"' in form and '<option value="cloudevents">CloudEvents 1.0</option>' in form
        response = k.post("/settings/webhooks", {"url": "https://hooks.example.com/ce", "filters": "*",
                                                  "format": "cloudevents"})
        sub = _only(k)
        assert response.status_code == 201 and sub.format == "cloudevents"
        assert "format: CloudEvents 1.0" in k.get("/settings/webhooks").text
        page = k.get(f"/settings/webhooks/{sub.id}").text
        assert "<dt>Format</dt><dd>CloudEvents 1.0" in page
        assert k.post(f"/settings/webhooks/{sub.id}/format", {"format": "standard_webhooks"}).status_code == 303
        assert _only(k).format == "standard_webhooks" and k.events("webhook.updated") == 1
        assert "<dt>Format</dt><dd>Standard Webhooks" in k.get(f"/settings/webhooks/{sub.id}").text


def test_without_a_choice_a_webhook_sends_standard_webhooks(demo_db):
    with web(demo_db) as k:
        k.post("/settings/webhooks", {"url": "https://hooks.example.com/plain", "filters": "*"})
        assert _only(k).format == "standard_webhooks"


def test_a_bad_format_is_refused_and_changes_nothing(demo_db):
    with web(demo_db) as k:
        response = k.post("/settings/webhooks", {"url": "https://hooks.example.com/x", "format": "xml"})
        assert response.status_code == 422 and 'id="err-format"' in response.text
        assert k.events("webhook.created") == 0
        k.post("/settings/webhooks", {"url": "https://hooks.example.com/x"})
        sub = _only(k)
        response = k.post(f"/settings/webhooks/{sub.id}/format", {"format": "xml"})
        assert response.status_code == 422 and "format must be one of" in response.text
        assert _only(k).format == "standard_webhooks" and k.events("webhook.updated") == 0
