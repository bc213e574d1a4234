"""An organization's stored policy, compiled into a PolicySet and cached per (org, version).

The version lives in the database (governance_policies.version, bumped by every edit), so an
edit made by one app instance invalidates the compiled copy in every other instance: each
`policy_for` reads the one integer and recompiles only when it moved.
"""
from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from otp.events.epoch import EpochCache, database_of, epoch
from otp.governance.models import HardDenyRow, OutcomeGrantRow, Policy, SeatOverrideRow
from otp.governance.policy import PolicySet

_cache: dict[tuple[str, str], tuple[int, PolicySet]] = {}
_lock = threading.Lock()


_VERSION = select(Policy.version).where(Policy.org_id == bindparam("org"))


def version_of(session: Session, org_id: str) -> int:
    """0 when the organization never edited its policy (the defaults apply)."""
    return session.execute(_VERSION, {"org": org_id}).scalar() or 0


# Within one governance epoch the version cannot have moved (an edit records policy.changed in its
# own transaction, which moves the epoch: otp.events.epoch), so the version read is skipped too.
_in_epoch: EpochCache[tuple, PolicySet] = EpochCache(4096)


def policy_for(session: Session, org_id: str) -> PolicySet:
    now = epoch(session, org_id)
    key = (database_of(session), org_id)
    hit = _in_epoch.get(key, now)
    if hit is not None:
        return hit
    compiled = _policy_at_version(session, org_id, key)
    _in_epoch.put(key, now, compiled)
    return compiled


def _policy_at_version(session: Session, org_id: str, key: tuple) -> PolicySet:
    version = version_of(session, org_id)
    hit = _cache.get(key)
    if hit is not None and hit[0] == version:
        return hit[1]
    compiled = PolicySet.build(org_id=org_id, **_document(session, org_id, with_ids=True))
    with _lock:
        current = _cache.get(key)
        if current is None or current[0] <= version:
            _cache[key] = (version, compiled)
    return compiled


def document(session: Session, org_id: str) -> dict[str, Any]:
    """The stored policy as one JSON document (the shape PolicySet.from_dict and the API use)."""
    doc = _document(session, org_id, with_ids=False)
    doc["version"] = version_of(session, org_id)
    return doc


def _document(session: Session, org_id: str, *, with_ids: bool) -> dict[str, Any]:
    from otp.governance.catalog import build_catalog
    row = session.get(Policy, org_id)
    hard = session.execute(select(HardDenyRow).where(HardDenyRow.org_id == org_id).order_by(HardDenyRow.key)).scalars()
    grants = session.execute(select(OutcomeGrantRow).where(OutcomeGrantRow.org_id == org_id)
                             .order_by(OutcomeGrantRow.id)).scalars()
    overrides = session.execute(select(SeatOverrideRow).where(SeatOverrideRow.org_id == org_id)
                                .order_by(SeatOverrideRow.id)).scalars()
    doc: dict[str, Any] = {
        "matrix_overrides" if with_ids else "matrix": list(row.matrix) if row else [],
        "scopes": dict(row.scopes) if row and row.scopes else None,
        "hard_deny": [{"id": h.key, "actions": list(h.actions), "applies_to": h.applies_to, "when": list(h.when),
                       "reason": h.reason} for h in hard],
        "grants": [{"id": g.id, "outcome_id": g.outcome_id, "seat_id": g.seat_id, "action": g.action,
                    "effect": g.effect} for g in grants],
        "seat_overrides": [{"id": o.id, "seat_id": o.seat_id, "action": o.action, "effect": o.effect}
                           for o in overrides],
        "spend_limits": dict(row.spend_limits) if row and row.spend_limits else None,
        "channel_allowlist": list(row.channel_allowlist) if row else [],
        "roles": list(row.roles) if row and row.roles else [],
    }
    classes = list(row.classes) if row and row.classes else []
    if with_ids:
        doc["catalog"] = build_catalog(classes)
    else:
        doc["classes"] = classes
        doc["scopes"] = doc["scopes"] or {}
        doc["spend_limits"] = doc["spend_limits"] or {}
    return doc


def clear_cache() -> None:
    with _lock:
        _cache.clear()
