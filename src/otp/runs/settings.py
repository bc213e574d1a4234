"""Organization settings of the runtime (Organization.settings), each read defensively: a wrong
value falls back to the default rather than failing the worker."""
from __future__ import annotations

from otp.org.models import Organization

DEFAULT_ORG_CONCURRENT_RUNS = 20


def _int(value, default: int, low: int, high: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high else default


def org_concurrent_runs(org: Organization) -> int:
    """settings["max_concurrent_runs"]: runs of the organization's agents at once."""
    return _int((org.settings or {}).get("max_concurrent_runs"), DEFAULT_ORG_CONCURRENT_RUNS, 1, 10_000)


def org_monthly_cap_cents(session, org: Organization) -> int | None:
    """The organization's cap on all its agents' monthly spend (governance setting
    org_monthly_budget_cents), or None."""
    from otp.governance import settings as governance_settings
    return governance_settings.get(session, org.id, "org_monthly_budget_cents")


def org_paused(org: Organization) -> str | None:
    """Why the organization's agents are stopped (the organization-wide stop switch), or None."""
    if org.agents_paused_at is not None:
        return org.agents_paused_reason or "no reason given"
    return None
