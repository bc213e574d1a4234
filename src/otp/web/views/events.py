"""The audit log: every recorded change, newest first, filtered by entity, action or actor, paged
with a cursor that stays valid while new events arrive (`before` = the last id seen)."""
from __future__ import annotations

import json

from fastapi import APIRouter, Request
from sqlalchemy import select

from otp.events.models import Event
from otp.web.directory import Directory
from otp.web.pages import actor_of, render

router = APIRouter()
PAGE = 50
ENTITY_LINKS = {"outcome": "/rocks/{}", "sop": "/sops/{}", "seat": "/chart/seats/{}", "approval": "/approvals#{}",
                "escalation": "/escalations#{}", "issue": "/issues#{}", "todo": "/todos#{}"}


def _page(s, org_id: str, entity_type: str, action: str, actor_id: str, before: int | None) -> list[Event]:
    # otp.events.query.list_events pages oldest-first (for feeds); an audit view reads newest-first.
    q = select(Event).where(Event.org_id == org_id)
    if entity_type:
        q = q.where(Event.entity_type == entity_type)
    if action:
        q = q.where(Event.action.startswith(action[:-1]) if action.endswith("*") else Event.action == action)
    if actor_id:
        q = q.where(Event.actor_id == actor_id)
    if before is not None:
        q = q.where(Event.id < before)
    return list(s.execute(q.order_by(Event.id.desc()).limit(PAGE + 1)).scalars())


def _summary(payload) -> str:
    text = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False)
    return text if len(text) <= 160 else text[:157] + "…"


@router.get("/events")
def events_page(request: Request, entity_type: str = "", action: str = "", actor: str = "",
                before: int | None = None):
    who = actor_of(request)
    entity_type, action, actor = entity_type.strip()[:32], action.strip()[:64], actor.strip()[:40]
    with request.app.state.db.read() as s:
        rows = _page(s, who.org_id, entity_type, action, actor, before)
        types = sorted(s.execute(select(Event.entity_type).where(Event.org_id == who.org_id).distinct()).scalars())
        d = Directory(s, who.org_id)
    more = len(rows) > PAGE
    rows = rows[:PAGE]
    query = {"entity_type": entity_type, "action": action, "actor": actor}
    return render(request, "events/events.html", {
        "rows": rows, "d": d, "types": types, "q": query, "links": ENTITY_LINKS, "summary": _summary,
        "pretty": lambda p: json.dumps(p, indent=2, sort_keys=True, default=str, ensure_ascii=False),
        "next_before": rows[-1].id if more and rows else None, "first": before is None}, actor=who)
