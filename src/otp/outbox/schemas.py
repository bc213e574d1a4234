"""REST shapes for webhooks (pydantic; separate from the ORM models)."""
from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field
from typing_extensions import Annotated

from otp.org.schemas import Str, Strict
from otp.outbox.envelopes import FORMAT_HELP
from otp.outbox.models import WebhookDelivery, WebhookSubscription
from otp.outbox.webhooks import FILTER_PATTERN, MAX_FILTERS, URL_PATTERN

Url = Annotated[str, Field(max_length=2000, pattern=URL_PATTERN, examples=["https://example.com/hooks/otp"])]
Pattern = Annotated[str, Field(max_length=64, pattern=FILTER_PATTERN)]
Filters = Annotated[list[Pattern], Field(min_length=1, max_length=MAX_FILTERS,
                                         description='Action patterns: "*", "seat.*" or "sop.created"')]
Description = Str(200)
Format = Annotated[Literal["standard_webhooks", "cloudevents"], Field(description=FORMAT_HELP)]  # = FORMATS


class WebhookCreate(Strict):
    url: Url
    filters: Filters = ["*"]
    description: Description = ""
    format: Format = "standard_webhooks"


class WebhookUpdate(Strict):
    url: Url = None
    filters: Filters = None
    description: Description = None
    format: Format = None
    active: bool = Field(None, description="true re-enables a disabled subscription (failures reset)")


class WebhookOut(BaseModel):
    id: str
    url: str
    description: str
    filters: list[str]
    format: Format
    active: bool
    disabled_reason: str | None
    failure_count: int = Field(description="Consecutive failed attempts")
    cursor_seq: int = Field(description="Last event seq delivered")
    test_pending: bool
    next_attempt_at: datetime
    last_success_at: datetime | None
    last_failure_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, sub: WebhookSubscription) -> "WebhookOut":
        return cls(id=sub.id, url=sub.url, description=sub.description, filters=sub.filters, format=sub.format,
                   active=sub.active, disabled_reason=sub.disabled_reason, failure_count=sub.failure_count,
                   cursor_seq=sub.cursor_seq, test_pending=sub.ping_pending, next_attempt_at=sub.next_attempt_at,
                   last_success_at=sub.last_success_at, last_failure_at=sub.last_failure_at,
                   created_at=sub.created_at)


class WebhookCreated(WebhookOut):
    secret: str = Field(description="whsec_...: verify signatures with it. Shown only now; store it.")


class DeliveryOut(BaseModel):
    id: int
    message_id: str
    event_seq: int | None
    event_type: str
    attempt: int
    success: bool
    status_code: int | None
    error: str | None
    duration_ms: int
    attempted_at: datetime

    @classmethod
    def of(cls, d: WebhookDelivery) -> "DeliveryOut":
        return cls(id=d.id, message_id=d.message_id, event_seq=d.event_seq, event_type=d.event_type,
                   attempt=d.attempt, success=d.success, status_code=d.status_code, error=d.error,
                   duration_ms=d.duration_ms, attempted_at=d.attempted_at)


class DeliveryPage(BaseModel):
    items: list[DeliveryOut]
    next_cursor: int | None
