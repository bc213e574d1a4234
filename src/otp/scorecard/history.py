"""Reporting many past periods of one measurable at once: what an import of a scorecard's
history needs.

Each value goes through the same steps as `entries.report` — governance (`measurable.report`),
the entry (earlier value kept as a revision), formula recompute, one `measurable.reported` event
— but drift is checked once, after the last value. Reporting old periods one by one, oldest
first, would raise a drift issue for every episode that ended long ago; checked at the end, only
the measurable's current episode counts, exactly as if the values had been reported on time.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from otp.auth.actor import Actor
from otp.governance.authz import require
from otp.core import validate
from otp.core.errors import Conflict, Invalid
from otp.events.service import record
from otp.scorecard import drift, periods, recompute
from otp.scorecard.definition import number
from otp.scorecard.entries import _load_locked, _source
from otp.scorecard.store import put

MAX_VALUES = 520  # ten years of weeks


def report_history(session: Session, actor: Actor, *, measurable_id: str, values: list, note: str = "",
                   source: str | None = None) -> int:
    """`values`: [{"period": date or ISO text, "value": number}, ...]. Returns how many entries
    changed (a value equal to the stored one changes nothing and records no event)."""
    if not isinstance(values, list) or len(values) > MAX_VALUES:
        raise Invalid(f"values must be a list of at most {MAX_VALUES} {{period, value}} objects", field="values")
    note = validate.text("note", note, max_len=2000, required=False)
    source = _source(actor, source)
    m, tz, week_start = _load_locked(session, actor, measurable_id)
    if m.archived_at is not None:
        raise Conflict("this measurable is archived", field="measurable_id")
    if m.formula:
        raise Conflict("this measurable is computed by its formula; report its inputs instead", field="measurable_id")
    clean: dict[date, float] = {}
    for i, item in enumerate(values):
        if not isinstance(item, dict) or set(item) != {"period", "value"}:
            raise Invalid("each value is {period, value}", field=f"values.{i}")
        start = periods.period_of(item["period"], m.cadence, tz, week_start, field=f"values.{i}.period")
        clean[start] = number(f"values.{i}.value", item["value"])
    changed = 0
    dependents: set[str] = set()
    for start in sorted(clean):
        payload = {"measurable_id": m.id, "value": clean[start], "period": start.isoformat(), "note": note,
                   "source": source}
        require(session, actor, "measurable.report", {"type": "measurable", "id": m.id,
                                                      "owner_seat_id": m.owner_seat_id}, payload=payload)
        entry, did_change, previous = put(session, actor, m, start, clean[start], source=source, note=note)
        if not did_change:
            continue
        changed += 1
        recomputed = recompute.after_change(session, actor, m.id, start)
        dependents.update(c["measurable_id"] for c in recomputed if c["value"] is not None)
        record(session, actor, "measurable.reported", "measurable", m.id,
               {**payload, "previous": previous, "version": entry.version, "recomputed": recomputed})
    if changed:
        drift.check(session, m.id, locked=m)
    for dependent_id in sorted(dependents):
        drift.check(session, dependent_id)
    return changed
