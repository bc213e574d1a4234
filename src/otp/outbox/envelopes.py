"""What a webhook delivery's body looks like: one of two formats, chosen per subscription.

- `standard_webhooks` (the default): `{"type": <action>, "timestamp": <RFC 3339>, "data": <event>}`,
  `Content-Type: application/json` — the shape Standard Webhooks suggests.
- `cloudevents`: CloudEvents 1.0 in structured content mode (`Content-Type:
  application/cloudevents+json`), for receivers that route CloudEvents (Knative, Azure Event Grid,
  Google Eventarc, any CloudEvents SDK):

      specversion      "1.0"
      id               the webhook-id: evt_<event id> (ping_<...> for a test ping), the same on
                       every retry, so receivers deduplicate on source + id as the spec says
      source           <OTP_PUBLIC_URL>/organizations/<slug>: who produced it (a URI-reference)
      type             "dev.otp." + the action, e.g. dev.otp.seat.created: reverse-DNS prefixed,
                       as the spec recommends, so OTP's types never collide with other producers'
      subject          <entity type>/<entity id>, e.g. seat/seat_01H...; absent when the event
                       names no entity
      time             when it happened (RFC 3339, UTC)
      datacontenttype  "application/json"
      data             the event: the same object as `data` in the standard format

Both formats are signed the same way (webhook-id, webhook-timestamp, webhook-signature over the
exact body bytes: otp.outbox.signing), so a CloudEvents receiver can still verify authenticity.
"""
from __future__ import annotations

import json
from datetime import datetime

from otp.core.config import public_url
from otp.core.types import iso

STANDARD_WEBHOOKS, CLOUDEVENTS = "standard_webhooks", "cloudevents"
FORMATS = (STANDARD_WEBHOOKS, CLOUDEVENTS)
CONTENT_TYPES = {STANDARD_WEBHOOKS: "application/json", CLOUDEVENTS: "application/cloudevents+json"}
TYPE_PREFIX = "dev.otp."
FORMAT_HELP = ('"standard_webhooks" (default): {type, timestamp, data} as application/json; '
               '"cloudevents": CloudEvents 1.0 structured JSON (application/cloudevents+json). '
               "Both carry the Standard Webhooks signature headers.")


def _dump(body: dict) -> bytes:
    return json.dumps(body, separators=(",", ":")).encode()


def source(org_slug: str) -> str:
    return f"{public_url()}/organizations/{org_slug}"


def body(fmt: str, *, msg_id: str, action: str, timestamp: str, data: dict, org_slug: str,
         occurred_at: datetime, subject: str | None) -> bytes:
    """The body bytes for one message. `timestamp` is the standard format's (kept as it always
    was); CloudEvents' `time` is `occurred_at`, fixed for the message, so a retry is byte-for-byte
    the same event."""
    if fmt != CLOUDEVENTS:
        return _dump({"type": action, "timestamp": timestamp, "data": data})
    event = {"specversion": "1.0", "id": msg_id, "source": source(org_slug), "type": TYPE_PREFIX + action}
    if subject:
        event["subject"] = subject
    event.update({"time": iso(occurred_at), "datacontenttype": "application/json", "data": data})
    return _dump(event)
