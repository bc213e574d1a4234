"""Changing SOPs. One governed entry point, `edit_sop` (action class sop.edit), does create, edit,
archive and restore, so a held approval can replay any of them from its payload; the other
functions are the faces' verbs and only check their own preconditions before calling it.

Every content change and every restore bumps the version and stores a full snapshot
(SopVersion), in the same transaction as its event; a change that changes nothing writes neither.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.governance.authz import require
from otp.commands import command
from otp.core import clock, validate
from otp.core.errors import Conflict, Invalid
from otp.core.ids import new_id
from otp.events.service import record
from otp.sops.models import Sop, SopVersion
from otp.sops.read import get_seat, get_sop

MAX_STEPS, MAX_ITEMS = 50, 20
REQUIRED_ON_CREATE = ("title", "steps")


def clean_fields(changes: dict, *, creating: bool) -> dict:
    """Validate content fields; raises Invalid naming the first bad one."""
    if not isinstance(changes, dict):
        raise Invalid("changes must be an object", field="changes")
    clean: dict = {}
    for name, value in changes.items():
        if name == "title":
            clean[name] = validate.text("title", value)
        elif name == "trigger":
            clean[name] = validate.text("trigger", value, max_len=500, required=False)
        elif name == "steps":
            clean[name] = validate.string_list("steps", value, min_items=1, max_items=MAX_STEPS, max_len=1000)
        elif name in ("outputs", "tools"):
            clean[name] = validate.string_list(name, value, min_items=0, max_items=MAX_ITEMS, max_len=200)
        elif name == "notes":
            clean[name] = validate.text("notes", value, max_len=4000, required=False)
        else:
            raise Invalid(f"unknown or read-only field {name!r}", field=name)
    if creating:
        for name in REQUIRED_ON_CREATE:
            if name not in clean:
                raise Invalid(f"{name} is required", field=name)
    return clean


@command("sop.edit")
def edit_sop(session: Session, actor: Actor, *, seat_id: str, key: str, changes: dict | None = None,
             archived: bool | None = None) -> Sop:
    """Create the seat's SOP `key` (when absent) or apply `changes` to it; `archived` archives or
    restores it. Returns the SOP (unchanged when nothing differs)."""
    key = validate.slug("key", key)
    if archived is not None and not isinstance(archived, bool):
        raise Invalid("archived must be true or false", field="archived")
    seat = get_seat(session, actor, seat_id)
    # Lock the row: two concurrent edits must not both become version n+1.
    sop = session.execute(select(Sop).where(Sop.seat_id == seat.id, Sop.key == key).with_for_update()
                          ).scalar_one_or_none()
    clean = clean_fields(changes or {}, creating=sop is None)
    if sop is None and archived:
        raise Invalid("a new SOP cannot start archived", field="archived")
    if sop is not None and sop.archived_at is not None and clean and archived is not False:
        raise Conflict("this SOP is archived; restore it (archived: false) before editing", field="archived")
    require(session, actor, "sop.edit", {"type": "sop", "id": sop.id if sop else None, "owner_seat_id": seat.id},
            payload={"seat_id": seat.id, "key": key, "changes": clean, "archived": archived})
    if sop is None:
        return _create(session, actor, seat.id, key, clean)
    flipped = archived is not None and (sop.archived_at is not None) != archived
    if flipped and archived:
        sop.archived_at = clock.now()
        record(session, actor, "sop.archived", "sop", sop.id, {"seat_id": sop.seat_id, "key": key,
                                                                "version": sop.version})
    diff = {name: value for name, value in clean.items() if getattr(sop, name) != value}
    restored = flipped and not archived
    if restored:
        sop.archived_at = None
    if diff or restored:
        # A restore is a new version too (same content unless edited with it): the seats below
        # see it among their SOP changes and the history says who brought it back, and when.
        for name, value in diff.items():
            setattr(sop, name, value)
        sop.version += 1
        sop.updated_at = clock.now()
        _snapshot(session, actor, sop)
    if restored:
        record(session, actor, "sop.restored", "sop", sop.id, {"seat_id": sop.seat_id, "key": key,
                                                                "version": sop.version})
    if diff:
        record(session, actor, "sop.updated", "sop", sop.id,
               {"seat_id": sop.seat_id, "key": key, "version": sop.version, "changes": diff})
    return sop


def _create(session: Session, actor: Actor, seat_id: str, key: str, clean: dict) -> Sop:
    sop = Sop(id=new_id("sop"), org_id=actor.org_id, seat_id=seat_id, key=key, version=1,
              **{"trigger": "", "outputs": [], "tools": [], "notes": "", **clean})
    session.add(sop)
    try:
        session.flush()
    except IntegrityError:
        # A concurrent writer created the same key between our check and our insert (PostgreSQL).
        raise Conflict(f"this seat already has an SOP with key {key!r}", field="key") from None
    _snapshot(session, actor, sop)
    record(session, actor, "sop.created", "sop", sop.id, {"seat_id": seat_id, "version": 1, **sop.content()})
    return sop


def _snapshot(session: Session, actor: Actor, sop: Sop) -> None:
    session.add(SopVersion(id=new_id("sopv"), org_id=sop.org_id, sop_id=sop.id, number=sop.version,
                           content=sop.content(), actor_kind=actor.kind, actor_id=actor.id,
                           created_at=clock.now()))
    session.flush()


# --- the faces' verbs -----------------------------------------------------------------------

def create_sop(session: Session, actor: Actor, seat_id: str, *, key: str, title: str, steps: list[str],
               trigger: str = "", outputs: list[str] | None = None, tools: list[str] | None = None,
               notes: str = "") -> Sop:
    fields = {"title": title, "trigger": trigger, "steps": steps, "outputs": outputs or [], "tools": tools or [],
              "notes": notes}
    key = validate.slug("key", key)
    clean = clean_fields(fields, creating=True)
    seat = get_seat(session, actor, seat_id)
    existing = session.execute(select(Sop.archived_at).where(Sop.seat_id == seat.id, Sop.key == key)).first()
    if existing is not None:
        hint = " (archived: restore it with PATCH archived=false)" if existing.archived_at else ""
        raise Conflict(f"this seat already has an SOP with key {key!r}{hint}", field="key")
    return edit_sop(session, actor, seat_id=seat.id, key=key, changes=clean)


def update_sop(session: Session, actor: Actor, sop_id: str, changes: dict) -> Sop:
    """Partial update of content fields; `archived` in changes archives or restores."""
    changes = dict(changes)
    archived = changes.pop("archived", None)
    clean_fields(changes, creating=False)
    sop = get_sop(session, actor, sop_id)
    return edit_sop(session, actor, seat_id=sop.seat_id, key=sop.key, changes=changes, archived=archived)


def archive_sop(session: Session, actor: Actor, sop_id: str) -> Sop:
    sop = get_sop(session, actor, sop_id)
    return edit_sop(session, actor, seat_id=sop.seat_id, key=sop.key, archived=True)
