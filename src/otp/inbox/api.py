"""REST face of the inbox: GET /api/v1/me/inbox, POST /api/v1/me/inbox/{id}/read."""
from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from otp.api.deps import ActorDep, DbDep, no_unknown_query
from otp.api.errors import READ, WRITE, responses
from otp.governance.authz import require
from otp.inbox import service
from otp.inbox.models import KINDS, InboxItem

router = APIRouter(prefix="/api/v1", tags=["inbox"], dependencies=[Depends(no_unknown_query)])


class InboxItemOut(BaseModel):
    id: str
    kind: str
    title: str
    body: str
    link_type: str | None
    link_id: str | None
    created_at: datetime
    read_at: datetime | None

    @classmethod
    def of(cls, i: InboxItem) -> "InboxItemOut":
        return cls(id=i.id, kind=i.kind, title=i.title, body=i.body, link_type=i.link_type, link_id=i.link_id,
                   created_at=i.created_at, read_at=i.read_at)


@router.get("/me/inbox", responses=responses(*READ))
def my_inbox(actor: ActorDep, db: DbDep,
             unread: bool | None = Query(None, description="true: only unread; false: only read"),
             kind: Literal[KINDS] | None = Query(None),  # type: ignore[valid-type]
             limit: int = Query(100, ge=1, le=service.MAX_LIMIT)) -> list[InboxItemOut]:
    """Your inbox: unread first, then newest first."""
    with db.read() as s:
        require(s, actor, "read")
        return [InboxItemOut.of(i) for i in service.list_items(s, actor, unread=unread, kind=kind, limit=limit)]


@router.post("/me/inbox/{item_id}/read", responses=responses(*WRITE))
def mark_read(item_id: str, actor: ActorDep, db: DbDep) -> InboxItemOut:
    with db.write() as s:
        return InboxItemOut.of(service.mark_read(s, actor, item_id))
