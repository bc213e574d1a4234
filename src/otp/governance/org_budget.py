"""The organization's monthly budget cap: all agents' spend this month together, on top of each
agent's own budget (settings["org_monthly_budget_cents"], None: no cap).

Same rule as an agent's budget (budget_rule): at the warning share the owners and admins get one
inbox warning per month and cap; at the pause line the stop switch goes on (as the system) and
they get an alert. A person's resume-all acknowledges the overrun and moves the line to the next
whole multiple of the cap. Checked after every cost report, with the organization row locked so
two agents reporting at once warn and trip exactly once.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from otp.auth.actor import system_actor
from otp.events.models import Event
from otp.events.service import record
from otp.governance import settings, stop_switch
from otp.governance.budget_rule import PAUSE_LINE, line_from_events, month_start, next_multiple, state
from otp.governance.models import CostEvent
from otp.inbox.service import deliver
from otp.org.models import Membership, Organization

WARNED, BREACHED, RESUMED = "organization.budget_warned", "organization.budget_breached", "organization.agents_resumed"


def spent_this_month(session: Session, org_id: str, now: datetime) -> int:
    return session.execute(select(func.coalesce(func.sum(CostEvent.cents), 0)).where(
        CostEvent.org_id == org_id, CostEvent.occurred_at >= month_start(now))).scalar_one()


def _this_month(session: Session, org_id: str, action: str, now: datetime) -> list[dict]:
    return [p or {} for p in session.execute(select(Event.payload).where(
        Event.org_id == org_id, Event.entity_type == "organization", Event.entity_id == org_id,
        Event.action == action, Event.occurred_at >= month_start(now)).order_by(Event.id.desc())).scalars()]


def pause_line(session: Session, org_id: str, cap: int, now: datetime) -> int | None:
    """The cap until the month's first trip; after it None until a person resumes (budget_rule)."""
    if not _this_month(session, org_id, BREACHED, now):
        return cap
    return line_from_events(session, org_id, "organization", org_id, (BREACHED, RESUMED),
                            lambda action, _payload: action == BREACHED, now)


def status(session: Session, org_id: str, now: datetime) -> dict:
    """The month's spend against the cap, for pages and reports (reads only)."""
    cap = settings.get(session, org_id, "org_monthly_budget_cents")
    spent = spent_this_month(session, org_id, now)
    share = settings.get(session, org_id, "budget_warning_percent")
    return {"month": now.strftime("%Y-%m"), "spent_cents": spent, "cap_cents": cap,
            "warning_percent": share, "status": state(spent, cap, share)}


def _admins(session: Session, org_id: str) -> list[str]:
    return list(session.execute(select(Membership.person_id).where(
        Membership.org_id == org_id, Membership.role.in_(("owner", "admin"))).order_by(Membership.person_id)).scalars())


def _tell_admins(session: Session, org_id: str, kind: str, title: str, body: str) -> None:
    for person_id in _admins(session, org_id):
        deliver(session, org_id, "person", person_id, kind, title, body, "organization", org_id)


def check_org_budget(session: Session, org_id: str, now: datetime) -> dict:
    out = status(session, org_id, now)
    cap = out["cap_cents"]
    if not cap or out["status"] == "ok":
        return out
    org = session.execute(select(Organization).where(Organization.id == org_id).with_for_update()).scalar_one()
    session.refresh(org)
    system = system_actor(org_id)
    spent, month = out["spent_cents"], out["month"]
    if out["status"] == "breached":
        line = pause_line(session, org_id, cap, now)
        if line is None or spent < line:
            return out
        again = f" again, past {line * 100 // cap}%" if line > cap else ""
        reason = f"the organization's monthly budget is used up{again} ({spent} of {cap} cents in {month})"
        record(session, system, BREACHED, "organization", org_id,
               {"spent_cents": spent, "cap_cents": cap, "month": month, "pause_line_cents": line})
        if org.agents_paused_at is None:
            stop_switch.engage(session, system, org, reason, {"guard": "org_budget"})
        _tell_admins(session, org_id, "warning", "All agents paused: " + reason,
                     "Raise the cap in the organization settings or resume all agents to acknowledge the overrun.")
    elif not any(p.get("cap_cents") == cap for p in _this_month(session, org_id, WARNED, now)):
        record(session, system, WARNED, "organization", org_id, {"spent_cents": spent, "cap_cents": cap, "month": month})
        _tell_admins(session, org_id, "warning",
                     f"Agents have used {spent * 100 // cap}% of the organization's monthly budget",
                     f"{spent} of {cap} cents spent in {month}; at 100% every agent is paused.")
    return out


def acknowledge(session: Session, org: Organization, now: datetime) -> dict:
    """What a resume-all records about a cap trip waiting for a person: the acknowledged overrun
    and the new pause line (nothing when no trip waits)."""
    cap = settings.get(session, org.id, "org_monthly_budget_cents")
    if not cap or pause_line(session, org.id, cap, now) is not None:
        return {}
    spent = spent_this_month(session, org.id, now)
    return {"budget_overrun_acknowledged": {"month": now.strftime("%Y-%m"), "spent_cents": spent, "cap_cents": cap},
            PAUSE_LINE: next_multiple(cap, spent)}
