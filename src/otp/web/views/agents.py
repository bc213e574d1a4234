"""Agents in the web app: /agents (the stop switch on top, every agent with its seat, level,
status, last heartbeat and the month's spend against its budget, and a form to create one) and
/agents/{id} (the autonomy ledger with who signed, why and the evidence; promotion eligibility
criterion by criterion; incidents; spend by day; tokens; pause/resume; runtime; budget; retire).

Every form calls the same service as REST and the CLI; the page only parses form fields (an
amount typed in currency units becomes cents) and shows the service's answer."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from fastapi import APIRouter, Form, Request

from otp.governance import tokens
from otp.core import clock
from otp.core.errors import Invalid, OTPError
from otp.governance import autonomy, guards, org_budget, roster, stop_switch
from otp.governance.eligibility import eligibility
from otp.governance.matrix import LEVEL_NAMES
from otp.org import agents, chart
from otp.org.models import AGENT_RUNTIMES, Organization
from otp.web.actions import attempt, finish, posted
from otp.web.directory import Directory
from otp.web.pages import actor_of, render
from otp.web.svg import budget_bar, day_bars

router = APIRouter()
CRITERIA = {"days_at_level": "Days at this level", "completed_items": "Completed work items",
            "approval_acceptance": "Approvals accepted", "measurables_on_target": "Measurables on target",
            "incidents": "Incidents in the window"}


def cents(field: str, text: str) -> int | None:
    """'250', '250.5' or '1,250.00' (currency units) → cents; blank → None (no budget)."""
    text = (text or "").replace(",", "").strip()
    if not text:
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise Invalid("the budget must be an amount like 250 or 250.00", field=field) from None
    if not amount.is_finite() or amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise Invalid("the budget must be a positive amount with at most two decimals", field=field)
    return int(amount * 100)


def ago(moment, now) -> str:
    """'4 min ago', '3 h ago', '2 days ago': how fresh a heartbeat is, at a glance."""
    seconds = max(0, (now - moment).total_seconds())
    if seconds < 90:
        return "just now"
    if seconds < 5400:
        return f"{round(seconds / 60)} min ago"
    if seconds < 36 * 3600:
        return f"{round(seconds / 3600)} h ago"
    return f"{round(seconds / 86400)} days ago"


def _can_manage(actor) -> bool:
    """Whether to offer the owner/admin forms at all (governance still decides every post)."""
    return actor.role in ("owner", "admin")


# ----------------------------------------------------------------------------- /agents
def _index_context(s, actor) -> dict:
    org = s.get(Organization, actor.org_id)
    d = Directory(s, actor.org_id)
    rows = roster.roster(s, actor)
    return {"org": org, "d": d, "agents": rows, "switch": stop_switch.state(org),
            "budget": org_budget.status(s, actor.org_id, clock.now()), "manage": _can_manage(actor),
            "runtimes": AGENT_RUNTIMES, "vacant": [r for r in d.seat_rows if r["occupant"] is None],
            "counts": {st: sum(1 for r in rows if r["status"] == st) for st in ("active", "paused", "retired")},
            "budget_bar": budget_bar, "form": {}, "ago": ago, "now": clock.now()}


@router.get("/agents")
def agents_page(request: Request):
    actor = actor_of(request)
    with request.app.state.db.read() as s:
        context = _index_context(s, actor)
    return render(request, "agents/index.html", context, actor=actor)


def _index_error(request: Request, actor, error: OTPError, where: str, form: dict | None = None):
    with request.app.state.db.read() as s:
        context = _index_context(s, actor)
    context.update(error=error, where=where, form=form or {})
    return render(request, "agents/index.html", context, status=error.status, actor=actor)


@router.post("/agents/pause-all")
def pause_all(request: Request, csrf_token: str = Form(""), reason: str = Form("")):
    actor = posted(request, csrf_token)
    done = attempt(request, lambda s: stop_switch.pause_all(s, actor, reason=reason))
    return finish(request, done, to="/agents", success="All agents paused: they can read, but every write is denied.",
                  on_error=lambda e: _index_error(request, actor, e, "switch", {"reason": reason}))


@router.post("/agents/resume-all")
def resume_all(request: Request, csrf_token: str = Form(""), reason: str = Form("")):
    actor = posted(request, csrf_token)
    done = attempt(request, lambda s: stop_switch.resume_all(s, actor, reason=reason))
    return finish(request, done, to="/agents", success="Agents resumed: each is back to its own status.",
                  on_error=lambda e: _index_error(request, actor, e, "switch"))


@router.post("/agents")
def create_agent(request: Request, csrf_token: str = Form(""), name: str = Form(""), runtime: str = Form("custom"),
                 model: str = Form(""), description: str = Form(""), seat_id: str = Form(""),
                 monthly_budget: str = Form("")):
    """One transaction: the agent is created, then seated (when a seat is chosen): both or neither."""
    actor = posted(request, csrf_token)
    form = {"name": name, "runtime": runtime, "model": model, "description": description, "seat_id": seat_id,
            "monthly_budget": monthly_budget}

    def work(s):
        budget = cents("monthly_budget_cents", monthly_budget)
        agent = agents.create_agent(s, actor, name=name, runtime=runtime, model=model or None,
                                    description=description, monthly_budget_cents=budget)
        if seat_id:
            chart.assign_occupant(s, actor, seat_id, kind="agent", occupant_id=agent.id)
        return agent
    done = attempt(request, work)
    return finish(request, done, to=f"/agents/{done.value.id}" if done.ok else "/agents",
                  success=f"Agent {name.strip()} created at level 1. Create its token below.",
                  on_error=lambda e: _index_error(request, actor, e, "new", form))


# ----------------------------------------------------------------------------- /agents/{id}
def _agent_context(s, actor, agent_id: str) -> dict:
    agent = agents.get_agent(s, actor, agent_id)
    row = roster.agent_summary(s, actor, agent_id)
    days = roster.costs_by_day(s, actor, agent_id, days=30)
    per_day = agent.monthly_budget_cents / 30 if agent.monthly_budget_cents else None
    org = s.get(Organization, actor.org_id)
    return {"org": org, "agent": agent, "row": row, "d": Directory(s, actor.org_id), "level_names": LEVEL_NAMES,
            "ledger": list(reversed(autonomy.ledger(s, actor, agent_id))),
            "readiness": eligibility(s, agent), "criteria_names": CRITERIA,
            "incidents": list(reversed(autonomy.incidents(s, agent.id))),
            "costs": guards.costs(s, actor, agent_id, limit=20), "days": days,
            "chart": day_bars(days, f"{agent.name}: spend per day, last 30 days", per_day),
            "bar": budget_bar(row["spent_cents"], row["budget_cents"], row["budget_state"],
                              f"{row['spent_cents'] / 100:,.2f} of {(row['budget_cents'] or 0) / 100:,.2f} this month"
                              if row["budget_cents"] else "no monthly budget"),
            "tokens": roster.tokens_of(s, actor, agent_id), "now": clock.now(), "ago": ago, "switch": stop_switch.state(org),
            "manage": _can_manage(actor), "runtimes": AGENT_RUNTIMES, "form": {}, "new_token": None}


@router.get("/agents/{agent_id}")
def agent_page(request: Request, agent_id: str):
    actor = actor_of(request)
    with request.app.state.db.read() as s:
        context = _agent_context(s, actor, agent_id)
    return render(request, "agents/agent.html", context, actor=actor)


def _agent_error(request: Request, actor, agent_id: str, error: OTPError, where: str, form: dict | None = None):
    with request.app.state.db.read() as s:
        context = _agent_context(s, actor, agent_id)
    context.update(error=error, where=where, form=form or {})
    return render(request, "agents/agent.html", context, status=error.status, actor=actor)


def _act(request: Request, agent_id: str, csrf_token: str, where: str, work, success: str, form=None,
         anchor: str = ""):
    actor = posted(request, csrf_token)
    done = attempt(request, lambda s: work(s, actor))
    return finish(request, done, to=f"/agents/{agent_id}{anchor}", success=success,
                  on_error=lambda e: _agent_error(request, actor, agent_id, e, where, form))


@router.post("/agents/{agent_id}/pause")
def pause(request: Request, agent_id: str, csrf_token: str = Form(""), reason: str = Form("")):
    return _act(request, agent_id, csrf_token, "status",
                lambda s, a: guards.set_status(s, a, agent_id=agent_id, status="paused", reason=reason),
                "Paused: the agent can read but not act.", {"reason": reason})


@router.post("/agents/{agent_id}/resume")
def resume(request: Request, agent_id: str, csrf_token: str = Form(""), reason: str = Form("")):
    return _act(request, agent_id, csrf_token, "status",
                lambda s, a: guards.set_status(s, a, agent_id=agent_id, status="active", reason=reason),
                "Resumed.", {"reason": reason})


@router.post("/agents/{agent_id}/budget")
def set_budget(request: Request, agent_id: str, csrf_token: str = Form(""), monthly_budget: str = Form("")):
    return _act(request, agent_id, csrf_token, "budget",
                lambda s, a: guards.set_budget(s, a, agent_id=agent_id,
                                               monthly_budget_cents=cents("monthly_budget_cents", monthly_budget)),
                "Budget saved.", {"monthly_budget": monthly_budget}, "#budget")


@router.post("/agents/{agent_id}/runtime")
def set_runtime(request: Request, agent_id: str, csrf_token: str = Form(""), runtime: str = Form(""),
                model: str = Form(""), description: str = Form("")):
    form = {"runtime": runtime, "model": model, "description": description}
    return _act(request, agent_id, csrf_token, "runtime",
                lambda s, a: agents.update_agent(s, a, agent_id, {"runtime": runtime, "model": model or None,
                                                                   "description": description}),
                "Runtime saved.", form, "#runtime")


@router.post("/agents/{agent_id}/retire")
def retire(request: Request, agent_id: str, csrf_token: str = Form(""), reason: str = Form("")):
    return _act(request, agent_id, csrf_token, "retire",
                lambda s, a: agents.retire_agent(s, a, agent_id, reason=reason),
                "Retired: its seats are vacant and its tokens no longer work.", {"reason": reason})


@router.post("/agents/{agent_id}/tokens")
def create_token(request: Request, agent_id: str, csrf_token: str = Form(""), name: str = Form(""),
                 write: str = Form("")):
    """The token is shown on this answer only (it is stored hashed): no redirect, the page itself."""
    actor = posted(request, csrf_token)
    scopes = ["read", "write"] if write else ["read"]
    done = attempt(request, lambda s: tokens.create_token(s, actor, agent_id=agent_id, scopes=scopes,
                                                          name=name.strip()[:200])[1])
    if not done.ok:
        return finish(request, done, to=f"/agents/{agent_id}#tokens", on_error=lambda e: _agent_error(
            request, actor, agent_id, e, "tokens", {"name": name}))
    with request.app.state.db.read() as s:
        context = _agent_context(s, actor, agent_id)
    context["new_token"] = done.value
    return render(request, "agents/agent.html", context, status=201, actor=actor)


@router.post("/agents/{agent_id}/tokens/{token_id}/revoke")
def revoke_token(request: Request, agent_id: str, token_id: str, csrf_token: str = Form("")):
    return _act(request, agent_id, csrf_token, "tokens", lambda s, a: tokens.revoke_token(s, a, token_id),
                "Token revoked: it stopped working at once.", anchor="#tokens")
