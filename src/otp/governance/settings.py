"""Governance settings an organization may change (Organization.settings), with defaults.

Organization settings are a free-form document, so every value read here is checked: a number
(not a boolean) between 0 and a million, else the default applies — a typo in the settings must
never turn into a server error on the hot path (escalations, approvals, heartbeats)."""
from __future__ import annotations

import math

from sqlalchemy.orm import Session

from otp.core.lookup import column_value
from otp.org.models import Organization

DEFAULTS: dict = {
    "approval_sla_hours": 24,
    # how long an approval that ran nothing (a one-time grant, grants.py) stays usable
    "approval_grant_hours": 72,
    # respond-by per urgency; an unanswered escalation climbs one seat each time this runs out
    "escalation_sla_hours": {"low": 72, "normal": 24, "high": 4, "critical": 1},
    "loop_guard_heartbeats": 10,
    "budget_warning_percent": 80,
    # a monthly spend cap for all agents together, on top of each agent's own budget (cents);
    # None: no cap. Same warning share and hard stop as an agent's budget (guards.check_org_budget)
    "org_monthly_budget_cents": None,
    "promotion": {"min_days_at_level": 14, "min_completed_items": 20, "min_approval_acceptance": 0.9,
                  "min_measurables_on_target": 0.8, "incident_free_days": 30},
    # levels down per incident kind; "level_1" drops to level 1 (otp.governance.autonomy)
    "demotion": {"hard_deny": "level_1", "budget_breach": 1, "loop_guard": 1, "evidence_rejected": 1},
    # hours after a demotion before the agent can be eligible for promotion again
    "demotion_cooldown_hours": 168,
    # silence and staleness (otp.governance.silence): any positive number of hours, down to seconds
    "silence_heartbeat_hours": 24,
    "stale_rock_hours": 168,
    # per-agent limits on what lands in people's queues (otp.governance.limits)
    "agent_rate_limits": {"issues_per_hour": 10, "issues_per_day": 40, "escalations_per_hour": 4,
                          "escalations_per_day": 12, "approvals_per_hour": 10, "approvals_per_day": 40},
    # issues raised back and forth between the same two seats about the same thing
    "ping_pong_threshold": 6,
    "ping_pong_window_hours": 24,
}
# Values that must be above zero (a zero SLA or a zero-heartbeat loop guard would fire at once).
POSITIVE = frozenset({"approval_sla_hours", "approval_grant_hours", "escalation_sla_hours", "loop_guard_heartbeats",
                      "silence_heartbeat_hours", "stale_rock_hours", "agent_rate_limits", "ping_pong_threshold",
                      "ping_pong_window_hours"})
# Upper bounds other than a million (money is in cents: a million cents is only 10,000).
HIGH = {"org_monthly_budget_cents": 10**12}


def _number(value, positive: bool, high: int = 10**6) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return False
    return (value > 0 if positive else value >= 0) and value <= high


def get(session: Session, org_id: str, key: str):
    return read(column_value(session, Organization.settings, org_id), key)


def read(document: dict | None, key: str):
    """The setting `key` from an organization's settings document (None: none stored), checked
    as `get` checks it; for callers that already hold the document."""
    value = (document or {}).get(key)
    default = DEFAULTS[key]
    positive = key in POSITIVE
    if key == "demotion":
        given = value if isinstance(value, dict) else {}
        return {k: given[k] if given.get(k) == "level_1" or (_number(given.get(k), False) and given[k] <= 7
                                                              and given[k] == int(given[k])) else d
                for k, d in default.items()}
    if isinstance(default, dict):
        given = value if isinstance(value, dict) else {}
        return {k: given[k] if _number(given.get(k), positive) else d for k, d in default.items()}
    return value if _number(value, positive, HIGH.get(key, 10**6)) else default




# ----------------------------------------------------------------------------- the guards' rules
# How a written value of the guards' settings is checked: a wrong value is refused with a 422
# naming settings.<key>[.<part>] (each declaration below uses its rule). Values already stored
# and malformed still fall back (`get`).
GUARD_MEANINGS = {  # folded into MEANINGS below
    "demotion": "Levels an agent drops per incident kind: a whole number of levels down (0 to 7), or "
                "\"level_1\" to drop straight to level 1 (the default for an attempted hard-denied action).",
    "demotion_cooldown_hours": "Hours after a demotion before the agent can be eligible for promotion again.",
    "silence_heartbeat_hours": "An agent with open work and no heartbeat for this many hours is flagged, once per "
                               "silence, to itself and to the nearest human above (any positive value, e.g. 0.001).",
    "stale_rock_hours": "A rock whose status is not updated for this many hours gets an inbox nudge to its owner and "
                        "the nearest human above; after twice as long, an issue on the owner's seat.",
    "agent_rate_limits": "Per agent: how many issues, escalations and approval requests it may open per hour and "
                         "per day; past the limit the call is refused, naming the limit and when it resets.",
    "ping_pong_threshold": "Issues raised back and forth between the same two seats about the same thing, within "
                           "the window, before both agents are paused and their human gets one escalation.",
    "ping_pong_window_hours": "The window (hours) in which raises between two seats count toward ping-pong.",
}


def _positive_hours(field: str, value):
    from otp.core.errors import Invalid
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or not 0 < value <= 10**6:
        raise Invalid(f"{field} must be a positive number of hours (fractions allowed, e.g. 0.0003 for about a "
                      f"second) up to 1000000", field=field)
    return value


def _count(field: str, value, low: int = 1):
    from otp.core import validate
    return validate.integer(field, value, low=low, high=10**6)


def _demotion(field: str, value):
    from otp.core.errors import Invalid
    if not isinstance(value, dict):
        raise Invalid(f"{field} must be an object of incident kind → levels down", field=field)
    out = {}
    for kind, down in value.items():
        if kind not in DEFAULTS["demotion"]:
            raise Invalid(f"unknown incident kind {kind!r}; use: {', '.join(DEFAULTS['demotion'])}",
                          field=f"{field}.{kind}")
        if down != "level_1" and (isinstance(down, bool) or not isinstance(down, int) or not 0 <= down <= 7):
            raise Invalid(f"{field}.{kind} must be a whole number of levels down (0 to 7) or \"level_1\"",
                          field=f"{field}.{kind}")
        out[kind] = down
    return out


def _rate_limits(field: str, value):
    from otp.core.errors import Invalid
    if not isinstance(value, dict):
        raise Invalid(f"{field} must be an object, e.g. {{\"issues_per_hour\": 10}}", field=field)
    for key, n in value.items():
        if key not in DEFAULTS["agent_rate_limits"]:
            raise Invalid(f"unknown limit {key!r}; use: {', '.join(DEFAULTS['agent_rate_limits'])}",
                          field=f"{field}.{key}")
        _count(f"{field}.{key}", n)
    return value


RULES = {
    "demotion": _demotion,
    "demotion_cooldown_hours": lambda f, v: _positive_hours(f, v) if v != 0 else 0,
    "silence_heartbeat_hours": _positive_hours,
    "stale_rock_hours": _positive_hours,
    "agent_rate_limits": _rate_limits,
    "ping_pong_threshold": lambda f, v: _count(f, v, low=2),
    "ping_pong_window_hours": _positive_hours,
}

# ----------------------------------------------------------------------------- declarations
# What each setting means, for the settings page and the API's validation (otp.core.setting).
# A key added to DEFAULTS without an entry here still appears, with its key as its label.
MEANINGS: dict = {
    "approval_sla_hours": ("Approval answer time", "hours",
                           "How long an approval request waits for its approver before it climbs to the next "
                           "human seat above."),
    "approval_grant_hours": ("Approval stays usable for", "hours",
                             "How long a 'yes' to an approval that ran nothing (a one-time grant) may still be used "
                             "by the agent that asked."),
    "escalation_sla_hours": ("Escalation respond-by", "hours",
                             "How long an escalation of each urgency waits for an answer before it climbs one "
                             "seat up the chart."),
    "loop_guard_heartbeats": ("Loop guard", "heartbeats",
                              "Consecutive heartbeats in which an agent changed nothing before the loop guard "
                              "pauses it and records an incident."),
    "budget_warning_percent": ("Budget warning at", "%",
                               "Share of an agent's monthly budget at which its accountable human is warned; at "
                               "100% every spend is stopped."),
    "promotion": ("Promotion criteria", "",
                  "What an agent must show before the platform proposes promoting it one level; a human "
                  "still signs the promotion."),
    "promotion.min_days_at_level": ("Days at its level", "days", ""),
    "promotion.min_completed_items": ("Completed work items", "items", ""),
    "promotion.min_approval_acceptance": ("Approval acceptance rate", "0–1", ""),
    "promotion.min_measurables_on_target": ("Measurables on target", "0–1", ""),
    "promotion.incident_free_days": ("Days without an incident", "days", ""),
    "escalation_sla_hours.low": ("Low", "hours", ""), "escalation_sla_hours.normal": ("Normal", "hours", ""),
    "escalation_sla_hours.high": ("High", "hours", ""), "escalation_sla_hours.critical": ("Critical", "hours", ""),
    "org_monthly_budget_cents": ("Organization monthly budget", "cents",
                                 "All agents' spend this month together; owners and admins are warned at the budget "
                                 "warning share and every agent is paused at 100%. Empty: no cap."),
}
_GROUPS = {"approval_sla_hours": "Response times (SLAs)", "approval_grant_hours": "Response times (SLAs)",
           "escalation_sla_hours": "Response times (SLAs)", "promotion": "Promotion"}
_BOUNDS = {"budget_warning_percent": (0, 100), "org_monthly_budget_cents": (0, 10**12), "promotion.min_approval_acceptance": (0, 1),
           "promotion.min_measurables_on_target": (0, 1)}


_GUARD_LABELS = {"demotion": ("Demotion per incident", ""), "demotion_cooldown_hours": ("Cool-down after a demotion", "hours"),
                 "silence_heartbeat_hours": ("Silent agent after", "hours"),
                 "stale_rock_hours": ("Stale rock after", "hours"),
                 "agent_rate_limits": ("Rate limits per agent", ""),
                 "ping_pong_threshold": ("Ping-pong threshold", "raises"),
                 "ping_pong_window_hours": ("Ping-pong window", "hours")}
MEANINGS.update({key: (*_GUARD_LABELS[key], text) for key, text in GUARD_MEANINGS.items()})


def _declare(key: str, default, positive: bool):
    from otp.core.setting import Setting
    label, unit, meaning = MEANINGS.get(key, (key.rsplit(".", 1)[-1].replace("_", " ").capitalize(), "", ""))
    if key in RULES:  # a rule of its own (the guards'): it checks the whole value
        kind = "group" if isinstance(default, dict) else "number"
        parts = tuple(_declare(f"{key}.{k}", d, positive) for k, d in default.items()) if kind == "group" else ()
        return Setting(key=key, label=label, help=meaning, default=default, kind=kind, group="Guards",
                       unit=unit, parts=parts, check=RULES[key])
    low, high = _BOUNDS.get(key, (0, 10**6))
    if isinstance(default, dict):
        parts = tuple(_declare(f"{key}.{k}", d, positive) for k, d in default.items())
        return Setting(key=key.rsplit(".", 1)[-1], label=label, help=meaning, default=default, kind="group",
                       group=_GROUPS.get(key, "Guards"), parts=parts)
    kind = "bool" if isinstance(default, bool) else "int" if (isinstance(default, int) and unit != "hours") \
        or unit == "cents" else "number"
    return Setting(key=key.rsplit(".", 1)[-1], label=label, help=meaning, default=default, kind=kind,
                   group=_GROUPS.get(key, "Guards"), low=low, high=high, unit=unit,
                   positive=positive and kind != "bool")


def declarations() -> list:
    """Every governance setting, derived from DEFAULTS (so a new default is declared with it)."""
    return [_declare(key, default, key in POSITIVE) for key, default in DEFAULTS.items()]
