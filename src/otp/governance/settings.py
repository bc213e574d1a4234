"""Governance settings an organization may change (Organization.settings), with defaults."""
from __future__ import annotations

from sqlalchemy.orm import Session

from otp.org.models import Organization

DEFAULTS: dict = {
    "approval_sla_hours": 24,
    # respond-by per urgency; an unanswered escalation climbs one seat each time this runs out
    "escalation_sla_hours": {"low": 72, "normal": 24, "high": 4, "critical": 1},
    "loop_guard_heartbeats": 10,
    "budget_warning_percent": 80,
    "promotion": {"min_days_at_level": 14, "min_completed_items": 20, "min_approval_acceptance": 0.9,
                  "min_measurables_on_target": 0.8, "incident_free_days": 30},
}


def get(session: Session, org_id: str, key: str):
    org = session.get(Organization, org_id)
    value = (org.settings or {}).get(key) if org is not None else None
    default = DEFAULTS[key]
    if isinstance(default, dict):
        return {**default, **(value if isinstance(value, dict) else {})}
    return value if isinstance(value, type(default)) and not isinstance(value, bool) else default
