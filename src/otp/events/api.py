"""REST face for the audit record."""
from __future__ import annotations

from datetime import datetime

from fastapi import Depends, APIRouter, Query
from pydantic import BaseModel

from otp.api.deps import no_unknown_query, ActorDep, DbDep
from otp.core.errors import Invalid
from otp.api.errors import READ, responses
from otp.events.query import MAX_PAGE, event_dict, list_events

router = APIRouter(prefix="/api/v1", tags=["events"], dependencies=[Depends(no_unknown_query)])


class EventActor(BaseModel):
    kind: str
    id: str | None


class EventEntity(BaseModel):
    type: str
    id: str | None


class EventOut(BaseModel):
    id: int
    seq: int
    occurred_at: str
    actor: EventActor
    action: str
    entity: EventEntity
    payload: dict
    hash: str
    prev_hash: str


class EventPage(BaseModel):
    items: list[EventOut]
    next_cursor: int | None


@router.get("/events", responses=responses(*READ))
def events(actor: ActorDep, db: DbDep,
           entity_type: str | None = Query(None, max_length=32),
           entity_id: str | None = Query(None, max_length=40),
           actor_id: str | None = Query(None, max_length=40),
           action: str | None = Query(None, max_length=64, description="exact, or a prefix ending in *"),
           since: str | None = Query(None, description="ISO-8601 time with zone",
                                     json_schema_extra={"format": "date-time"}),
           cursor: int | None = Query(None, ge=0, le=2**62, description="next_cursor from the previous page"),
           limit: int = Query(100, ge=1, le=MAX_PAGE)) -> EventPage:
    """Events of your organization, oldest first. Follow next_cursor until it is null."""
    with db.read() as s:
        rows = list_events(s, actor.org_id, entity_type=entity_type, entity_id=entity_id, actor_id=actor_id,
                           action=action, since=_parse_since(since), after_id=cursor, limit=limit)
        items = [event_dict(e) for e in rows]
    return EventPage(items=items, next_cursor=items[-1]["id"] if len(items) == limit else None)


def _parse_since(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise Invalid("since must be an ISO-8601 time, e.g. 2026-01-01T00:00:00Z", field="since") from None
    if parsed.tzinfo is None:
        raise Invalid("since needs a timezone (e.g. 2026-01-01T00:00:00Z)", field="since")
    return parsed
