"""Measurables: create, change, archive, read. Each mutation: check → require → change → record."""
from __future__ import annotations

from sqlalchemy import delete, exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.governance.authz import require
from otp.commands import command
from otp.core import clock
from otp.core.errors import Conflict, Invalid, NotFound
from otp.core.ids import new_id
from otp.events.service import record
from otp.org.chart import get_seat
from otp.scorecard import definition, recompute
from otp.scorecard.models import CADENCES, Entry, Measurable, MeasurableInput

MAX_PAGE = 500


def get_measurable(session: Session, actor: Actor, measurable_id, field: str = "measurable_id",
                   lock: bool = False) -> Measurable:
    m = None
    if isinstance(measurable_id, str):
        q = select(Measurable).where(Measurable.id == measurable_id, Measurable.org_id == actor.org_id)
        if lock:
            # populate_existing: on PostgreSQL a row loaded before the lock may be stale.
            q = q.with_for_update().execution_options(populate_existing=True)
        m = session.execute(q).scalar_one_or_none()
    if m is None:
        raise NotFound(f"no measurable {measurable_id!r} in this organization", field=field)
    return m


def by_id_or_key(session: Session, actor: Actor, ref: str, field: str = "measurable") -> Measurable:
    m = session.execute(select(Measurable).where(Measurable.org_id == actor.org_id, Measurable.key == ref)
                        ).scalar_one_or_none()
    return m or get_measurable(session, actor, ref, field=field)


def _resource(m: Measurable, owner_seat_id: str | None = None) -> dict:
    return {"type": "measurable", "id": m.id if m else None, "owner_seat_id": owner_seat_id or m.owner_seat_id}


@command("measurable.create")
def create_measurable(session: Session, actor: Actor, *, title: str, owner_seat_id: str, target: float,
                      comparator: str = ">=", target_max: float | None = None, cadence: str = "weekly",
                      unit: str = "", key: str | None = None, formula: str | None = None,
                      description: str = "", position: int = 0) -> Measurable:
    clean = definition.clean_fields({"title": title, "owner_seat_id": owner_seat_id, "target": target,
                                     "comparator": comparator, "target_max": target_max, "cadence": cadence,
                                     "unit": unit, "formula": formula, "description": description,
                                     "position": position})
    get_seat(session, actor, clean["owner_seat_id"], field="owner_seat_id")
    definition.check_target(clean["comparator"], clean["target"], clean["target_max"])
    key = (definition.check_key(session, actor.org_id, key) if key is not None
           else definition.key_from_title(session, actor.org_id, clean["title"]))
    inputs = []
    if clean["formula"]:
        inputs = definition.resolve_formula(session, actor.org_id, clean["formula"], key=key,
                                            cadence=clean["cadence"], measurable_id=None)
    payload = {**clean, "key": key}
    require(session, actor, "measurable.create", {"type": "measurable", "owner_seat_id": clean["owner_seat_id"]},
            payload=payload)
    m = Measurable(id=new_id("msr"), org_id=actor.org_id, key=key, **clean)
    try:
        with session.begin_nested():  # a concurrent create may take the key between check and insert
            session.add(m)
            session.flush()
    except IntegrityError:
        raise Conflict(f"another measurable already has the key {key!r}", field="key") from None
    _set_inputs(session, m, inputs)
    record(session, actor, "measurable.created", "measurable", m.id, payload)
    if inputs:
        recompute.recompute_all(session, actor, m)
    return m


@command("measurable.update")
def update_measurable(session: Session, actor: Actor, measurable_id: str, changes: dict) -> Measurable:
    """Change the definition. The key is fixed (formulas name it); clearing the formula turns the
    measurable into a reported one and keeps its entries."""
    if not isinstance(changes, dict):
        raise Invalid("changes must be an object", field="changes")
    if "key" in changes:
        raise Invalid("key cannot change: formulas refer to it", field="key")
    archived = changes.get("archived")
    clean = definition.clean_fields({k: v for k, v in changes.items() if k != "archived"})
    m = get_measurable(session, actor, measurable_id)
    if "archived" in changes:
        _check_archive(session, m, archived)
    if "owner_seat_id" in clean:
        get_seat(session, actor, clean["owner_seat_id"], field="owner_seat_id")
    if "target" in clean and clean["target"] is None:
        raise Invalid("target is required", field="target")
    merged = {f: clean.get(f, getattr(m, f)) for f in definition.EDITABLE}
    if merged["comparator"] != "between" and "target_max" not in clean:
        merged["target_max"] = None  # leaving `between` drops its upper bound
    definition.check_target(merged["comparator"], merged["target"], merged["target_max"])
    changed = {f: v for f, v in merged.items() if v != getattr(m, f)}
    if "archived" in changes and archived != (m.archived_at is not None):
        changed["archived"] = archived
    if "cadence" in changed and _has_history_or_links(session, m):
        raise Conflict("cadence can change only before the first entry and outside any formula", field="cadence")
    inputs = None
    if "formula" in changed:
        inputs = [] if not merged["formula"] else definition.resolve_formula(
            session, actor.org_id, merged["formula"], key=m.key, cadence=merged["cadence"], measurable_id=m.id)
    require(session, actor, "measurable.update", _resource(m, clean.get("owner_seat_id")),
            payload={"measurable_id": m.id, "changes": changes})
    if not changed:
        return m
    payload = dict(changed)
    if "owner_seat_id" in changed:
        payload["from_owner_seat_id"] = m.owner_seat_id
    for f, v in changed.items():
        if f == "archived":
            m.archived_at = clock.now() if v else None
        else:
            setattr(m, f, v)
    if inputs is not None:
        _set_inputs(session, m, inputs)
    session.flush()
    action = "measurable.updated"
    if set(changed) == {"archived"}:
        action = "measurable.archived" if archived else "measurable.restored"
    record(session, actor, action, "measurable", m.id, payload)
    if inputs:
        recompute.recompute_all(session, actor, m)
    return m


def archive_measurable(session: Session, actor: Actor, measurable_id: str) -> Measurable:
    """Archive: off the scorecard, no more reports; entries stay. Governed as measurable.update."""
    return update_measurable(session, actor, measurable_id, {"archived": True})


def _check_archive(session: Session, m: Measurable, archived) -> None:
    if not isinstance(archived, bool):
        raise Invalid("archived must be true or false", field="archived")
    if archived and m.archived_at is None:
        users = session.execute(select(Measurable.key).join(MeasurableInput, MeasurableInput.measurable_id == Measurable.id)
                                .where(MeasurableInput.input_id == m.id, Measurable.archived_at.is_(None))).scalars().all()
        if users:
            raise Conflict(f"formula measurable(s) {', '.join(sorted(users))} read this one; change them first",
                           field="archived")
    if not archived and m.archived_at is not None and m.formula:
        gone = session.execute(select(Measurable.key).join(MeasurableInput, MeasurableInput.input_id == Measurable.id)
                               .where(MeasurableInput.measurable_id == m.id, Measurable.archived_at.is_not(None))
                               ).scalars().all()
        if gone:
            raise Conflict(f"its formula reads archived measurable(s) {', '.join(sorted(gone))}", field="archived")


def list_measurables(session: Session, actor: Actor, *, owner_seat_id: str | None = None,
                     cadence: str | None = None, archived: bool = False, cursor: str | None = None,
                     limit: int = 100) -> list[Measurable]:
    """Newest last, paged by id (ids sort by creation): pass the last id as `cursor`."""
    if owner_seat_id is not None:
        get_seat(session, actor, owner_seat_id, field="owner_seat_id")
    if cadence is not None and cadence not in CADENCES:
        raise Invalid(f"cadence must be one of: {', '.join(CADENCES)}", field="cadence")
    q = select(Measurable).where(Measurable.org_id == actor.org_id)
    q = q.where(Measurable.archived_at.is_not(None) if archived else Measurable.archived_at.is_(None))
    if owner_seat_id:
        q = q.where(Measurable.owner_seat_id == owner_seat_id)
    if cadence:
        q = q.where(Measurable.cadence == cadence)
    if cursor:
        q = q.where(Measurable.id > cursor)
    return list(session.execute(q.order_by(Measurable.id).limit(min(max(limit, 1), MAX_PAGE))).scalars())


def input_keys(session: Session, measurable_ids: list[str]) -> dict[str, list[str]]:
    """For formula measurables: the keys of their inputs (for display)."""
    out: dict[str, list[str]] = {}
    if not measurable_ids:
        return out
    rows = session.execute(select(MeasurableInput.measurable_id, Measurable.key)
                           .join(Measurable, Measurable.id == MeasurableInput.input_id)
                           .where(MeasurableInput.measurable_id.in_(measurable_ids)))
    for m_id, key in rows:
        out.setdefault(m_id, []).append(key)
    return {k: sorted(v) for k, v in out.items()}


def _set_inputs(session: Session, m: Measurable, inputs: list[str]) -> None:
    session.execute(delete(MeasurableInput).where(MeasurableInput.measurable_id == m.id))
    for input_id in inputs:
        session.add(MeasurableInput(measurable_id=m.id, input_id=input_id, org_id=m.org_id))
    session.flush()


def _has_history_or_links(session: Session, m: Measurable) -> bool:
    return bool(session.execute(select(
        exists().where(Entry.measurable_id == m.id)
        | exists().where(MeasurableInput.measurable_id == m.id)
        | exists().where(MeasurableInput.input_id == m.id))).scalar())
