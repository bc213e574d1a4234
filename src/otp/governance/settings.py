"""Governance settings an organization may change (Organization.settings), with defaults.

Organization settings are a free-form document, so every value read here is checked: a number
(not a boolean) between 0 and a million, else the default applies — a typo in the settings must
never turn into a server error on the hot path (escalations, approvals, heartbeats)."""
from __future__ import annotations

import math

from sqlalchemy.orm import Session

from otp.org.models import Organization

DEFAULTS: dict = {
    "approval_sla_hours": 24,
    # how long an approval that ran nothing (a one-time grant, grants.py) stays usable
    "approval_grant_hours": 72,
    # respond-by per urgency; an unanswered escalation climbs one seat each time this runs out
    "escalation_sla_hours": {"low": 72, "normal": 24, "high": 4, "critical": 1},
    "loop_guard_heartbeats": 10,
    "budget_warning_percent": 80,
    "promotion": {"min_days_at_level": 14, "min_completed_items": 20, "min_approval_acceptance": 0.9,
                  "min_measurables_on_target": 0.8, "incident_free_days": 30},
}
# Values that must be above zero (a zero SLA or a zero-heartbeat loop guard would fire at once).
POSITIVE = frozenset({"approval_sla_hours", "approval_grant_hours", "escalation_sla_hours", "loop_guard_heartbeats"})


def _number(value, positive: bool) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return False
    return (value > 0 if positive else value >= 0) and value <= 10**6


def get(session: Session, org_id: str, key: str):
    org = session.get(Organization, org_id)
    value = (org.settings or {}).get(key) if org is not None else None
    default = DEFAULTS[key]
    positive = key in POSITIVE
    if isinstance(default, dict):
        given = value if isinstance(value, dict) else {}
        return {k: given[k] if _number(given.get(k), positive) else d for k, d in default.items()}
    return value if _number(value, positive) else default
