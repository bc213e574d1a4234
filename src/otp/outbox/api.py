"""REST face of the outbox: the event stream and webhook subscriptions.
(Routers are discovered by name: every `router*` here is mounted.)"""
from __future__ import annotations

from fastapi import APIRouter, Depends, Header, Query
from fastapi.responses import StreamingResponse

from otp.api.deps import ActorDep, AdminDep, DbDep, no_unknown_query
from otp.api.errors import READ, READ_ONE, WRITE, responses
from otp.governance.authz import require
from otp.core.errors import Invalid
from otp.org.schemas import NO_NUL
from otp.outbox import stream, webhooks
from otp.outbox.schemas import DeliveryOut, DeliveryPage, WebhookCreate, WebhookCreated, WebhookOut, WebhookUpdate

router_stream = APIRouter(prefix="/api/v1", tags=["events"], dependencies=[Depends(no_unknown_query)])
router_webhooks = APIRouter(prefix="/api/v1", tags=["webhooks"], dependencies=[Depends(no_unknown_query)])

MAX_SEQ = 2**62
SEQ_COLUMN_MAX = 2**31 - 1  # events.seq is a 32-bit integer: a resume point beyond it waits for nothing


# OpenAPI 3.1: under text/event-stream, `schema` describes one event (3.2 would call it itemSchema).
SSE_EVENT = {"type": "object", "required": ["data"], "properties": {
    "id": {"type": "string", "pattern": "^[0-9]+$", "description": "The event's per-organization seq"},
    "event": {"type": "string"},
    "data": {"type": "string", "contentMediaType": "application/json",
             "description": "The event as JSON: the same shape as the items of GET /api/v1/events"}}}
SSE = {200: {"description": "Server-sent events: `id: <seq>` and `data: <event JSON>` per event, "
                            "`: keep-alive` comments when idle",
             "content": {"text/event-stream": {"schema": SSE_EVENT}}}}


def _resume_point(header: str | None, query: int | None) -> int | None:
    if query is not None:
        return min(query, SEQ_COLUMN_MAX)
    if header is None:
        return None
    if not header.isdigit() or int(header) > MAX_SEQ:  # the schema says so too; other callers may not check
        raise Invalid("Last-Event-ID must be the seq of the last event received (a non-negative integer)",
                      field="last-event-id")
    return min(int(header), SEQ_COLUMN_MAX)


@router_stream.get("/events/stream", response_class=StreamingResponse, responses={**SSE, **responses(*READ)})
def event_stream(actor: ActorDep, db: DbDep,
                 last_event_id: int | None = Query(None, ge=0, le=MAX_SEQ,
                                                   description="Resume after this seq (same as the header)"),
                 action: str | None = Query(None, max_length=64, pattern=NO_NUL,
                                            description="exact, or a prefix ending in *"),
                 entity_type: str | None = Query(None, max_length=32, pattern=NO_NUL),
                 last_event_id_header: str = Header(None, alias="last-event-id", pattern=r"^[0-9]{1,18}$",
                                                    description="The standard SSE resume header (Last-Event-ID)")
                 ) -> StreamingResponse:
    """Your organization's events as they happen (server-sent events). The SSE id is the event's
    per-organization seq: reconnect with Last-Event-ID (header or ?last_event_id=) to resume
    without missing or repeating one. Without it the stream starts with the next new event;
    last_event_id=0 replays from the beginning. Streams end after a few minutes; reconnect."""
    after = _resume_point(last_event_id_header, last_event_id)
    with db.read() as s:
        require(s, actor, "read")
    if after is None:
        after = stream.head_seq(db, actor.org_id)
    return StreamingResponse(stream.event_stream(db, actor.org_id, after, action=action, entity_type=entity_type),
                             media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


@router_webhooks.get("/webhooks", responses=responses(*READ))
def list_webhooks(actor: AdminDep, db: DbDep) -> list[WebhookOut]:
    with db.read() as s:
        return [WebhookOut.of(w) for w in webhooks.list_webhooks(s, actor)]


@router_webhooks.post("/webhooks", status_code=201, responses=responses(*WRITE))
def create_webhook(body: WebhookCreate, actor: AdminDep, db: DbDep) -> WebhookCreated:
    """Subscribe a URL to events. The response holds the signing secret: it is shown only once."""
    with db.write() as s:
        sub, secret = webhooks.create_webhook(s, actor, **body.model_dump())
        return WebhookCreated(**WebhookOut.of(sub).model_dump(), secret=secret)


@router_webhooks.get("/webhooks/{webhook_id}", responses=responses(*READ_ONE))
def get_webhook(webhook_id: str, actor: AdminDep, db: DbDep) -> WebhookOut:
    with db.read() as s:
        return WebhookOut.of(webhooks.get_webhook(s, actor, webhook_id))


@router_webhooks.patch("/webhooks/{webhook_id}", responses=responses(*WRITE))
def update_webhook(webhook_id: str, body: WebhookUpdate, actor: AdminDep, db: DbDep) -> WebhookOut:
    with db.write() as s:
        return WebhookOut.of(webhooks.update_webhook(s, actor, webhook_id, body.model_dump(exclude_unset=True)))


@router_webhooks.delete("/webhooks/{webhook_id}", status_code=204, responses=responses(*WRITE))
def delete_webhook(webhook_id: str, actor: AdminDep, db: DbDep) -> None:
    with db.write() as s:
        webhooks.delete_webhook(s, actor, webhook_id)


@router_webhooks.get("/webhooks/{webhook_id}/deliveries", responses=responses(*READ_ONE))
def webhook_deliveries(webhook_id: str, actor: AdminDep, db: DbDep,
                       cursor: int | None = Query(None, ge=1, le=MAX_SEQ, description="next_cursor of the last page"),
                       limit: int = Query(50, ge=1, le=200)) -> DeliveryPage:
    """Every delivery attempt, newest first."""
    with db.read() as s:
        items = [DeliveryOut.of(d) for d in webhooks.deliveries(s, actor, webhook_id, before=cursor, limit=limit)]
    return DeliveryPage(items=items, next_cursor=items[-1].id if len(items) == limit else None)


@router_webhooks.post("/webhooks/{webhook_id}/test", status_code=202, responses=responses(*WRITE))
def test_webhook(webhook_id: str, actor: AdminDep, db: DbDep) -> WebhookOut:
    """Queue a signed `webhook.ping` message; it shows in the delivery log once sent."""
    with db.write() as s:
        return WebhookOut.of(webhooks.request_test(s, actor, webhook_id))


@router_webhooks.post("/webhooks/{webhook_id}/rotate-secret", responses=responses(*WRITE))
def rotate_webhook_secret(webhook_id: str, actor: AdminDep, db: DbDep) -> WebhookCreated:
    """A new signing secret, in this response only; the old one stops signing at once."""
    with db.write() as s:
        sub, secret = webhooks.rotate_secret(s, actor, webhook_id)
        return WebhookCreated(**WebhookOut.of(sub).model_dump(), secret=secret)
