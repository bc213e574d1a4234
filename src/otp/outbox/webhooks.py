"""Managing webhook subscriptions: an administrative action (org.settings), recorded as events.

A new subscription starts after its own `webhook.created` event: it receives what happens from
then on, never the organization's history.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.governance.authz import require
from otp.core import clock, validate
from otp.core.errors import Forbidden, Invalid, NotFound
from otp.core.ids import new_id
from otp.events.service import record
from otp.outbox import targets
from otp.outbox.envelopes import FORMATS, STANDARD_WEBHOOKS
from otp.outbox.models import WebhookDelivery, WebhookSubscription
from otp.outbox.signing import new_secret

# http(s), a host name or IPv4 address, an optional port (1-65535), then anything without spaces
# or NUL.
# No user-info: credentials belong in the signature, not the URL. Shared with the REST schema.
URL_PATTERN = (r"^https?://[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252}[A-Za-z0-9])?"
               r"(?::(?:6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3}))?"
               r"(?:[/?#][^\s\x00]*)?$")
FILTER_PATTERN = r"^(?:\*|[a-z0-9_]+(?:\.[a-z0-9_]+)*(?:\.\*)?)$"
MAX_FILTERS = 20
_URL_RE, _FILTER_RE = re.compile(URL_PATTERN), re.compile(FILTER_PATTERN)


def clean_url(value) -> str:
    url = validate.text("url", value, max_len=2000, one_line=True)
    if not _URL_RE.match(url):
        raise Invalid("url must be an http:// or https:// URL with a host, e.g. https://example.com/hooks",
                      field="url")
    targets.check_registration(url)  # no loopback, private, link-local, ... receivers (SSRF)
    return url


def clean_filters(value) -> list[str]:
    if not isinstance(value, list) or not 1 <= len(value) <= MAX_FILTERS:
        raise Invalid(f"filters must be a list of 1 to {MAX_FILTERS} action patterns, e.g. [\"seat.*\"]",
                      field="filters")
    for i, item in enumerate(value):
        if not isinstance(item, str) or len(item) > 64 or not _FILTER_RE.match(item):
            raise Invalid("each filter is *, an action (seat.created) or a family (seat.*)", field=f"filters[{i}]")
    return list(dict.fromkeys(value))


def clean_format(value) -> str:
    if value not in FORMATS:
        raise Invalid(f"format must be one of {', '.join(FORMATS)}", field="format")
    return value


def _check_admin_read(actor: Actor) -> None:
    # Subscriptions reveal where the organization's data flows: admins only, like changing them.
    if actor.kind != "system" and not (actor.is_person and actor.role in ("owner", "admin")):
        raise Forbidden("webhooks are managed by people with the owner or admin role")


def list_webhooks(session: Session, actor: Actor) -> list[WebhookSubscription]:
    _check_admin_read(actor)
    return list(session.execute(select(WebhookSubscription).where(WebhookSubscription.org_id == actor.org_id)
                                .order_by(WebhookSubscription.created_at, WebhookSubscription.id)).scalars())


def get_webhook(session: Session, actor: Actor, webhook_id: str, *, lock: bool = False) -> WebhookSubscription:
    _check_admin_read(actor)
    if not isinstance(webhook_id, str) or "\x00" in webhook_id:  # PostgreSQL text cannot hold NUL
        raise NotFound(f"no webhook {webhook_id!r} in this organization", field="webhook_id")
    q = select(WebhookSubscription).where(WebhookSubscription.id == webhook_id,
                                          WebhookSubscription.org_id == actor.org_id)
    sub = session.execute(q.with_for_update() if lock else q).scalar_one_or_none()
    if sub is None:
        raise NotFound(f"no webhook {webhook_id!r} in this organization", field="webhook_id")
    return sub


def receiver(url: str) -> str:
    """A subscription's URL as events name it: scheme and host (with port) only. Events reach every
    read token, the event stream and other webhooks' receivers, while a receiver URL's path,
    query or user part often carries a secret of its own; the full URL stays admin-only."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    host = f"[{host}]" if ":" in host else host
    return f"{parts.scheme}://{host}" + (f":{parts.port}" if parts.port else "")


def create_webhook(session: Session, actor: Actor, *, url: str, filters: list[str] | None = None,
                   description: str = "", format: str = STANDARD_WEBHOOKS) -> tuple[WebhookSubscription, str]:
    """Returns the subscription and its secret: the only time the secret is shown. `format` is the
    body's shape (otp.outbox.envelopes): standard_webhooks (default) or cloudevents."""
    url = clean_url(url)
    filters = clean_filters(["*"] if filters is None else filters)
    description = validate.text("description", description, required=False)
    format = clean_format(format)
    require(session, actor, "org.settings", {"type": "webhook"},
            payload={"url": url, "filters": filters, "description": description, "format": format})
    secret = new_secret()
    sub = WebhookSubscription(id=new_id("wh"), org_id=actor.org_id, url=url, filters=filters,
                              description=description, format=format, secret=secret, next_attempt_at=clock.now())
    session.add(sub)
    session.flush()
    event = record(session, actor, "webhook.created", "webhook", sub.id,
                   {"receiver": receiver(url), "filters": filters, "description": description, "format": format})
    sub.cursor_seq = event.seq
    return sub, secret


def update_webhook(session: Session, actor: Actor, webhook_id: str, changes: dict) -> WebhookSubscription:
    clean: dict = {}
    for key, value in changes.items():
        if key == "url":
            clean[key] = clean_url(value)
        elif key == "filters":
            clean[key] = clean_filters(value)
        elif key == "description":
            clean[key] = validate.text("description", value, required=False)
        elif key == "format":
            clean[key] = clean_format(value)
        elif key == "active":
            if not isinstance(value, bool):
                raise Invalid("active must be true or false", field="active")
            clean[key] = value
        else:
            raise Invalid(f"unknown or read-only field {key!r}", field=key)
    sub = get_webhook(session, actor, webhook_id, lock=True)
    require(session, actor, "org.settings", {"type": "webhook", "id": sub.id},
            payload={"webhook_id": webhook_id, "changes": clean})
    diff = {k: v for k, v in clean.items() if getattr(sub, k) != v}
    if not diff:
        return sub
    for key, value in diff.items():
        setattr(sub, key, value)
    now = clock.now()
    if diff.get("active") is True:  # re-enabled: a clean slate, due now, resuming at its cursor
        sub.failure_count, sub.disabled_reason, sub.next_attempt_at = 0, None, now
    elif diff.get("active") is False:
        sub.disabled_reason = f"disabled by {actor.name or actor.kind}"
    sub.updated_at = now
    if "url" in diff:
        diff["receiver"] = receiver(diff.pop("url"))
    record(session, actor, "webhook.updated", "webhook", sub.id, diff)
    return sub


def delete_webhook(session: Session, actor: Actor, webhook_id: str) -> None:
    sub = get_webhook(session, actor, webhook_id, lock=True)
    require(session, actor, "org.settings", {"type": "webhook", "id": sub.id}, payload={"webhook_id": webhook_id})
    url = sub.url
    session.delete(sub)
    session.flush()
    record(session, actor, "webhook.deleted", "webhook", webhook_id, {"receiver": receiver(url)})


def request_test(session: Session, actor: Actor, webhook_id: str) -> WebhookSubscription:
    """Queue a `webhook.ping` message, delivered (signed, logged, retried) before the next event."""
    sub = get_webhook(session, actor, webhook_id, lock=True)
    require(session, actor, "org.settings", {"type": "webhook", "id": sub.id}, payload={"webhook_id": webhook_id})
    sub.ping_pending = True
    sub.updated_at = clock.now()
    if sub.active:
        sub.next_attempt_at = min(sub.next_attempt_at, clock.now())
    record(session, actor, "webhook.test_requested", "webhook", sub.id, {})
    return sub


def deliveries(session: Session, actor: Actor, webhook_id: str, *, before: int | None = None,
               limit: int = 50) -> list[WebhookDelivery]:
    """The attempt log, newest first; page with `before` = the last id seen."""
    sub = get_webhook(session, actor, webhook_id)
    q = select(WebhookDelivery).where(WebhookDelivery.subscription_id == sub.id)
    if before is not None:
        q = q.where(WebhookDelivery.id < before)
    return list(session.execute(q.order_by(WebhookDelivery.id.desc()).limit(limit)).scalars())


def rotate_secret(session: Session, actor: Actor, webhook_id: str) -> tuple[WebhookSubscription, str]:
    """A new signing secret, returned once (like at creation); the old one stops signing at once,
    so the receiver must be given the new one before the next delivery verifies."""
    sub = get_webhook(session, actor, webhook_id, lock=True)
    require(session, actor, "org.settings", {"type": "webhook", "id": sub.id}, payload={"webhook_id": webhook_id})
    secret = new_secret()
    sub.secret = secret
    sub.updated_at = clock.now()
    record(session, actor, "webhook.secret_rotated", "webhook", sub.id, {})
    return sub, secret
