"""Checking a measurable's definition: field types, the target rule of each comparator, and the
formula (syntax, known keys, same cadence, no cycles). Raises before anything is written."""
from __future__ import annotations

import math
import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from otp.core import validate
from otp.core.errors import Conflict, Invalid
from otp.scorecard import formula as formulas
from otp.scorecard.models import CADENCES, COMPARATORS, Measurable, MeasurableInput

MAX_ABS = 1e15  # numbers beyond this are typos, and keep sums far from float overflow
EDITABLE = ("title", "description", "owner_seat_id", "unit", "comparator", "target", "target_max", "cadence",
            "formula", "position")


def number(field: str, value, *, required: bool = True) -> float | None:
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise Invalid(f"{field} must be a number", field=field)
    if isinstance(value, float) and not math.isfinite(value) or abs(value) > MAX_ABS:
        raise Invalid(f"{field} must be a finite number within ±{MAX_ABS:.0e}", field=field)
    return float(value)


def clean_fields(changes: dict) -> dict:
    """Type-level checks of each given field (no database)."""
    clean: dict = {}
    for key, value in changes.items():
        if key == "title":
            clean[key] = validate.text("title", value)
        elif key == "description":
            clean[key] = validate.text("description", value, max_len=2000, required=False)
        elif key == "owner_seat_id":
            if not isinstance(value, str) or not value:
                raise Invalid("owner_seat_id must be a seat id", field="owner_seat_id")
            clean[key] = value
        elif key == "unit":
            clean[key] = validate.text("unit", value, max_len=32, required=False)
        elif key == "comparator":
            clean[key] = validate.choice("comparator", value, COMPARATORS)
        elif key in ("target", "target_max"):
            clean[key] = number(key, value, required=key == "target")
        elif key == "cadence":
            clean[key] = validate.choice("cadence", value, CADENCES)
        elif key == "formula":
            if value is not None and not isinstance(value, str):
                raise Invalid("formula must be a string or null", field="formula")
            clean[key] = value.strip() or None if isinstance(value, str) else None
        elif key == "position":
            clean[key] = validate.integer("position", value, low=0, high=1_000_000)
        else:
            raise Invalid(f"unknown or read-only field {key!r}", field=key)
    return clean


def check_target(comparator: str, target: float, target_max: float | None) -> None:
    if comparator == "between":
        if target_max is None:
            raise Invalid("a `between` target needs target_max (the upper bound)", field="target_max")
        if target_max < target:
            raise Invalid("target_max must not be below target", field="target_max")
    elif target_max is not None:
        raise Invalid("target_max applies only to the `between` comparator", field="target_max")


KEY_CHARS = re.compile(r"[^a-z0-9]+")


def key_from_title(session: Session, org_id: str, title: str) -> str:
    """A readable, unused key: 'Qualified leads (new)' -> 'qualified_leads_new' (then _2, _3...)."""
    base = KEY_CHARS.sub("_", title.lower()).strip("_")[:32] or "m"
    if not base[0].isalpha():
        base = f"m_{base}"[:32]
    taken = set(session.execute(select(Measurable.key).where(
        Measurable.org_id == org_id, Measurable.key.startswith(base))).scalars())
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


def check_key(session: Session, org_id: str, key) -> str:
    if not isinstance(key, str) or not formulas.KEY_RE.fullmatch(key):
        raise Invalid("key must start with a lower-case letter and use only a-z, 0-9 and _ (at most 40)",
                      field="key")
    if session.execute(select(Measurable.id).where(Measurable.org_id == org_id, Measurable.key == key)).first():
        raise Conflict(f"another measurable already has the key {key!r}", field="key")
    return key


def resolve_formula(session: Session, org_id: str, text: str, *, key: str, cadence: str,
                    measurable_id: str | None) -> list[str]:
    """Parse `text` and return the ids of the measurables it reads; refuse unknown or archived
    inputs, a different cadence, and any cycle (naming the `formula` field)."""
    refs = formulas.references(formulas.parse(text))
    if key in refs:
        raise Conflict(f"formula: refers to this measurable itself ({key}): that would be a cycle",
                       field="formula")
    rows = session.execute(select(Measurable.id, Measurable.key, Measurable.cadence, Measurable.archived_at)
                           .where(Measurable.org_id == org_id, Measurable.key.in_(refs))).all()
    by_key = {r.key: r for r in rows}
    unknown = sorted(refs - set(by_key))
    if unknown:
        raise Invalid(f"formula: no measurable with key {', '.join(unknown)}", field="formula")
    for r in rows:
        if r.archived_at is not None:
            raise Conflict(f"formula: {r.key} is archived", field="formula")
        if r.cadence != cadence:
            raise Invalid(f"formula: {r.key} is {r.cadence} but this measurable is {cadence}", field="formula")
    inputs = [r.id for r in rows]
    if measurable_id is not None and _reaches(session, org_id, inputs, measurable_id):
        raise Conflict("formula: an input depends on this measurable, so this would make a cycle",
                       field="formula")
    return inputs


def _reaches(session: Session, org_id: str, starts: list[str], target: str) -> bool:
    """Does `target` feed, directly or through other formulas, any of `starts`?"""
    edges: dict[str, list[str]] = {}
    for m_id, in_id in session.execute(select(MeasurableInput.measurable_id, MeasurableInput.input_id)
                                       .where(MeasurableInput.org_id == org_id)):
        edges.setdefault(m_id, []).append(in_id)
    stack, seen = list(starts), set()
    while stack:
        node = stack.pop()
        if node == target:
            return True
        if node not in seen:
            seen.add(node)
            stack.extend(edges.get(node, ()))
    return False
