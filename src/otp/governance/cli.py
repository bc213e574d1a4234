"""otp policy show|set|matrix|check, otp approvals, otp approve, otp reject, otp escalations,
otp resolve, otp ledger, otp costs, otp agent pause|resume|budget. Commands act as the
organization's first owner (the operator at the machine), through the same services as every
other face."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

# The `agent` group is shared with otp agent create|list|retire; otp.cli.main registers it.
from otp.cli.agents import agent_app
from otp.cli.common import DatabaseUrl, Json, OrgSlug, emit, fail, open_db, owner_actor, pick_org, run

policy_app = typer.Typer(help="The governance policy: level matrix, hard-deny rules, grants, limits",
                         no_args_is_help=True)


def register(app: typer.Typer) -> None:
    from otp.governance import cli_stop_switch
    cli_stop_switch.register(app)
    app.add_typer(policy_app, name="policy")
    app.command("approvals")(approvals_cmd)
    app.command("approve")(approve_cmd)
    app.command("reject")(reject_cmd)
    app.command("escalations")(escalations_cmd)
    app.command("resolve")(resolve_cmd)
    app.command("ledger")(ledger_cmd)
    app.command("costs")(costs_cmd)


def _as_owner(database_url, org, fn, write=True):
    db = open_db(database_url)

    def go():
        with (db.write() if write else db.read()) as s:
            organization = pick_org(s, org)
            return fn(s, owner_actor(s, organization), organization)
    return run(go)


@policy_app.command("show")
def policy_show(org: OrgSlug = None, as_json: Json = False, database_url: DatabaseUrl = None) -> None:
    """The stored policy edits and version (defaults apply elsewhere)."""
    from otp.governance.store import document
    doc = _as_owner(database_url, org, lambda s, a, o: document(s, o.id), write=False)
    lines = [f"policy version {doc['version']}",
             f"matrix edits: {len(doc['matrix'])}", f"hard-deny rules: {len(doc['hard_deny'])}"]
    lines += [f"  - {r['id']}: {', '.join(r['actions'])} ({r['applies_to']}) {r['reason']}" for r in doc["hard_deny"]]
    lines += [f"outcome grants: {len(doc['grants'])}", f"seat overrides: {len(doc['seat_overrides'])}",
              f"spend limits: {json.dumps(doc['spend_limits'])}",
              f"channel allow-list: {', '.join(doc['channel_allowlist']) or '(none)'}"]
    emit(doc, as_json, "\n".join(lines))


@policy_app.command("set")
def policy_set(file: Annotated[Path | None, typer.Option("--file", help="JSON: sections to replace")] = None,
               cell: Annotated[list[str] | None, typer.Option("--cell", help="LEVEL:ACTION=EFFECT (repeat)")] = None,
               org: OrgSlug = None, as_json: Json = False, database_url: DatabaseUrl = None) -> None:
    """Replace policy sections from a JSON file and/or set matrix cells."""
    from otp.governance import policy_edit
    if file is None and not cell:
        fail("give --file FILE.json and/or --cell LEVEL:ACTION=EFFECT", 2)
    sections = {}
    if file is not None:
        try:
            sections = json.loads(file.read_text())
        except (OSError, ValueError) as exc:
            fail(f"cannot read {file}: {exc}", 2)
        if not isinstance(sections, dict):
            fail("the file must hold a JSON object of policy sections", 2)
    cells = []
    for c in cell or []:
        try:
            left, effect = c.split("=", 1)
            level, action = left.split(":", 1)
            cells.append({"level": int(level), "action": action, "effect": effect})
        except ValueError:
            fail(f"--cell {c!r}: use LEVEL:ACTION=EFFECT, e.g. 3:todo.create=ask", 2)

    def go(s, actor, _o):
        if cells:
            from otp.governance.store import document
            current = sections.get("matrix", document(s, actor.org_id)["matrix"])
            sections["matrix"] = [*current, *cells]
        return policy_edit.update_policy(s, actor, **sections)
    doc = _as_owner(database_url, org, go)
    emit(doc, as_json, f"policy version {doc['version']}")


@policy_app.command("matrix")
def policy_matrix(org: OrgSlug = None, as_json: Json = False, database_url: DatabaseUrl = None) -> None:
    """The effective level matrix: every action class x level 1-8 (A allow, ? ask, - deny)."""
    from otp.governance.matrix import LEVELS
    from otp.governance.store import policy_for, version_of

    def go(s, _a, o):
        policy = policy_for(s, o.id)
        return {"version": version_of(s, o.id), "actions": policy.matrix.as_table(),
                "scopes": dict(policy.matrix.scopes)}
    doc = _as_owner(database_url, org, go, write=False)
    mark = {"allow": "A", "ask": "?", "deny": "-"}
    width = max(len(a) for a in doc["actions"])
    lines = [f"policy version {doc['version']}", f"{'':<{width}}  " + " ".join(str(lv) for lv in LEVELS)]
    lines += [f"{action:<{width}}  " + " ".join(mark[cells[lv]] for lv in LEVELS)
              + (f"  ({doc['scopes'][action]})" if action in doc["scopes"] else "")
              for action, cells in sorted(doc["actions"].items())]
    emit(doc, as_json, "\n".join(lines))


@policy_app.command("check")
def policy_check(action: Annotated[str, typer.Argument(help="Action class, e.g. external.spend")],
                 agent: Annotated[str | None, typer.Option("--agent", help="Decide for this agent (name)")] = None,
                 owner_seat_id: Annotated[str | None, typer.Option("--owner-seat")] = None,
                 outcome_id: Annotated[str | None, typer.Option("--outcome")] = None,
                 amount_cents: Annotated[int | None, typer.Option("--amount-cents", min=0)] = None,
                 channel: Annotated[str | None, typer.Option("--channel")] = None,
                 org: OrgSlug = None, as_json: Json = False, database_url: DatabaseUrl = None) -> None:
    """A dry run: what governance would answer (allow, ask and who would be asked, deny) and the
    rule that matched. Changes nothing."""
    from otp.governance import dry_run
    from otp.org.agents import agent_by_name

    def go(s, a, o):
        agent_id = agent_by_name(s, o.id, agent).id if agent else None
        return dry_run.check(s, a, action, agent_id=agent_id, resource={
            "owner_seat_id": owner_seat_id, "outcome_id": outcome_id, "amount_cents": amount_cents,
            "channel": channel})
    out = _as_owner(database_url, org, go, write=False)
    who = out["approver"]
    text = f"{out['effect']}  (rule {out['rule']})  {out['reason']}"
    if who:
        seat = f" on seat {who['seat_id']}" if who["seat_id"] else ""
        text += f"\nwould ask: {who['name'] or who['person_id']}{seat}"
    emit(out, as_json, text)


def _approval_line(r) -> str:
    return f"{r.id}  {r.action:<22} {r.state:<9} due {r.deadline:%Y-%m-%d %H:%M}  {r.question}"


def approvals_cmd(org: OrgSlug = None, as_json: Json = False, database_url: DatabaseUrl = None) -> None:
    """Open approval requests in the organization, soonest deadline first."""
    from sqlalchemy import select

    from otp.governance.models import OPEN_APPROVAL_STATES, ApprovalRequest
    from otp.governance.schemas import ApprovalOut

    def go(s, _a, o):
        rows = s.execute(select(ApprovalRequest).where(ApprovalRequest.org_id == o.id,
                                                       ApprovalRequest.state.in_(OPEN_APPROVAL_STATES))
                         .order_by(ApprovalRequest.deadline)).scalars().all()
        return [ApprovalOut.of(r, s).model_dump(mode="json") for r in rows], [_approval_line(r) for r in rows]
    data, lines = _as_owner(database_url, org, go, write=False)
    emit(data, as_json, "\n".join(lines) or "(no open approval requests)")


def approve_cmd(approval_id: Annotated[str, typer.Argument(help="Approval request id")],
                org: OrgSlug = None, as_json: Json = False, database_url: DatabaseUrl = None) -> None:
    """Approve a request as the owner: the held action runs now, once."""
    from otp.governance.approvals import decide_request
    from otp.governance.schemas import ApprovalOut
    out = _as_owner(database_url, org, lambda s, a, o: ApprovalOut.of(
        decide_request(s, a, approval_id=approval_id, approve=True), s).model_dump(mode="json"))
    emit(out, as_json, f"approved {approval_id}")


def reject_cmd(approval_id: Annotated[str, typer.Argument(help="Approval request id")],
               reason: Annotated[str, typer.Option("--reason", help="Why (recorded)")],
               org: OrgSlug = None, as_json: Json = False, database_url: DatabaseUrl = None) -> None:
    """Reject a request, recording the reason."""
    from otp.governance.approvals import decide_request
    from otp.governance.schemas import ApprovalOut
    out = _as_owner(database_url, org, lambda s, a, o: ApprovalOut.of(
        decide_request(s, a, approval_id=approval_id, approve=False, reason=reason), s).model_dump(mode="json"))
    emit(out, as_json, f"rejected {approval_id}")


def escalations_cmd(org: OrgSlug = None, as_json: Json = False, database_url: DatabaseUrl = None,
                    resolved: Annotated[bool, typer.Option("--resolved", help="Resolved ones instead")] = False) -> None:
    """Open escalations, soonest respond-by first."""
    from otp.governance.escalations import list_escalations
    from otp.governance.schemas import EscalationOut

    def go(s, a, _o):
        rows = list_escalations(s, a, state="resolved" if resolved else "open")
        return ([EscalationOut.of(e).model_dump(mode="json") for e in rows],
                [f"{e.id}  {e.urgency:<8} respond by {e.respond_by:%Y-%m-%d %H:%M}  hops {e.hops}  {e.reason}"
                 for e in rows])
    data, lines = _as_owner(database_url, org, go, write=False)
    emit(data, as_json, "\n".join(lines) or "(no escalations)")


def resolve_cmd(escalation_id: Annotated[str, typer.Argument(help="Escalation id")],
                resolution: Annotated[str, typer.Option("--resolution", help="What was decided (recorded)")],
                org: OrgSlug = None, as_json: Json = False, database_url: DatabaseUrl = None) -> None:
    """Resolve an escalation as the owner, recording the resolution."""
    from otp.governance.escalations import resolve
    from otp.governance.schemas import EscalationOut
    out = _as_owner(database_url, org, lambda s, a, o: EscalationOut.of(
        resolve(s, a, escalation_id=escalation_id, resolution=resolution)).model_dump(mode="json"))
    emit(out, as_json, f"resolved {escalation_id}")


def costs_cmd(agent: Annotated[str, typer.Argument(help="Agent name")], org: OrgSlug = None,
              as_json: Json = False, database_url: DatabaseUrl = None) -> None:
    """An agent's cost events this month and the total against its monthly budget."""
    from otp.governance.guards import costs
    from otp.governance.schemas import CostsOut
    from otp.org.agents import agent_by_name

    def go(s, a, o):
        return CostsOut(**costs(s, a, agent_by_name(s, o.id, agent).id)).model_dump(mode="json")
    out = _as_owner(database_url, org, go, write=False)
    budget = f"{out['budget_cents']} cents" if out["budget_cents"] is not None else "no budget"
    lines = [f"{agent}: {out['spent_cents']} cents spent in {out['month']} ({budget})"]
    lines += [f"  {c['occurred_at'][:16]}  {c['cents']:>8} cents  {c['tokens']:>10} tokens  {c['model']}  {c['note']}"
              for c in out["items"]]
    emit(out, as_json, "\n".join(lines))


def ledger_cmd(agent: Annotated[str, typer.Argument(help="Agent name")], org: OrgSlug = None,
               as_json: Json = False, database_url: DatabaseUrl = None) -> None:
    """An agent's autonomy ledger: every level change, why, and who signed it."""
    from otp.governance.autonomy import ledger
    from otp.governance.schemas import LedgerOut
    from otp.org.agents import agent_by_name

    def go(s, a, o):
        rows = ledger(s, a, agent_by_name(s, o.id, agent).id)
        return ([LedgerOut.of(e).model_dump(mode="json") for e in rows],
                [f"{e.created_at:%Y-%m-%d}  L{e.from_level if e.from_level is not None else '-'} -> L{e.to_level}"
                 f"  signed by {e.signed_by_kind}  {e.why}" for e in rows])
    data, lines = _as_owner(database_url, org, go, write=False)
    emit(data, as_json, "\n".join(lines) or "(no level changes yet)")


def _status(name: str, pause: bool, reason: str, org, database_url) -> None:
    from otp.governance import guards
    from otp.org.agents import agent_by_name

    def go(s, a, o):
        agent = agent_by_name(s, o.id, name)
        (guards.pause if pause else guards.resume)(s, a, agent.id, reason)
        return agent.status
    typer.echo(f"{name} is {_as_owner(database_url, org, go)}")


@agent_app.command("pause")
def agent_pause(name: Annotated[str, typer.Argument(help="Agent name")],
                reason: Annotated[str, typer.Option("--reason")] = "", org: OrgSlug = None,
                database_url: DatabaseUrl = None) -> None:
    """Pause an agent: it may read; every write is denied."""
    _status(name, True, reason, org, database_url)


@agent_app.command("resume")
def agent_resume(name: Annotated[str, typer.Argument(help="Agent name")],
                 reason: Annotated[str, typer.Option("--reason")] = "", org: OrgSlug = None,
                 database_url: DatabaseUrl = None) -> None:
    """Resume a paused agent."""
    _status(name, False, reason, org, database_url)


@agent_app.command("budget")
def agent_budget(name: Annotated[str, typer.Argument(help="Agent name")],
                 cents: Annotated[str, typer.Argument(help="Monthly budget in cents, or 'none' for no budget")],
                 org: OrgSlug = None, database_url: DatabaseUrl = None) -> None:
    """Set an agent's monthly budget (80% warns, 100% pauses and escalates; once a person resumes
    it, the next multiple of the budget — 200%, 300% … — pauses it again)."""
    from otp.governance import guards
    from otp.org.agents import agent_by_name
    if cents.lower() == "none":
        amount = None
    elif cents.isdigit():
        amount = int(cents)
    else:
        fail(f"cents must be a whole number or 'none', got {cents!r}", 2)

    def go(s, a, o):
        agent = guards.set_budget(s, a, agent_id=agent_by_name(s, o.id, name).id, monthly_budget_cents=amount)
        return agent.monthly_budget_cents
    out = _as_owner(database_url, org, go)
    typer.echo(f"{name}: monthly budget {out if out is not None else 'none'}" + (" cents" if out is not None else ""))
