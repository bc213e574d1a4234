"""/settings/policy: the level × action-class matrix as an editable grid, seat overrides,
hard-deny rules and spend limits. Every edit is first previewed (otp.governance.policy_preview:
which cells and rules change, and which agents and members gain or lose what), then saved through
the governed policy service — exactly what was previewed, or a 409 if the policy moved on."""
from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation

from fastapi import APIRouter, Depends, Request

from otp.core.errors import Invalid, OTPError
from otp.governance import policy_preview, store
from otp.governance.matrix import AGENT_NEVER, EFFECTS, LEVEL_NAMES, LEVELS
from otp.governance.rules import APPLIES_TO, OPS
from otp.web.actions import attempt, finish, posted
from otp.web.directory import Directory
from otp.web.pages import actor_of, render
from otp.web.views.settings_common import form_data, may

router = APIRouter()
CONDITION_FIELDS = ("amount_cents", "channel")


def _context(s, actor) -> dict:
    policy = store.policy_for(s, actor.org_id)
    doc = store.document(s, actor.org_id)
    families: dict[str, list] = {}
    for name in policy.catalog:
        families.setdefault(name.split(".")[0], []).append(policy.catalog[name])
    spend_actions = [a for a, p in policy.plans.items() if p.spend is not None]
    return {"section_title": "Policy", "can_edit": may(s, actor, "policy.change", {"type": "policy"}),
            "policy": policy, "doc": doc, "version": doc["version"], "families": families,
            "levels": LEVELS, "level_names": LEVEL_NAMES, "effects": EFFECTS, "locked": AGENT_NEVER,
            "d": Directory(s, actor.org_id), "applies_to": APPLIES_TO, "ops": OPS,
            "condition_fields": CONDITION_FIELDS, "spend_actions": spend_actions,
            "actions": list(policy.catalog)}


def _page(request: Request, actor, extra: dict | None = None, status: int = 200):
    with request.app.state.db.read() as s:
        context = _context(s, actor)
    context.update(extra or {})
    return render(request, "settings/policy.html", context, status=status, actor=actor)


@router.get("/settings/policy")
def policy_page(request: Request):
    return _page(request, actor_of(request))


# ----------------------------------------------------------------------------- form → sections
def _cents(field: str, text: str | None) -> int | None:
    text = (text or "").strip().replace(",", "")
    if not text:
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise Invalid("enter an amount like 50 or 12.50", field=field) from None
    if amount < 0 or amount != amount.quantize(Decimal("0.01")) or amount > Decimal(10**9):
        raise Invalid("enter an amount of at least 0, with at most two decimals", field=field)
    return int(amount * 100)


def _condition(data: dict) -> list:
    name, op, raw = data.get("when_field", ""), data.get("when_op", ""), (data.get("when_value") or "").strip()
    if not name:
        return []
    if not raw:
        raise Invalid("give the value the condition compares with", field="when_value")
    if op in ("in", "not_in"):
        value: object = [v.strip() for v in raw.split(",") if v.strip()]
    else:
        try:
            value = int(raw) if raw.lstrip("-").isdigit() else float(raw)
        except ValueError:
            value = raw
    return [{"field": name, "op": op, "value": value}]


def sections_from_form(s, org_id: str, data: dict) -> dict:
    """One edit of the page (which form was used is `change`) as policy sections."""
    change = data.get("change")
    if change == "cells":
        cells = {}
        for key, effect in data.items():
            if key.startswith("cell."):
                _, level, action = key.split(".", 2)
                if level.isdigit():
                    cells[(int(level), action)] = effect
        return policy_preview.cells_change(s, org_id, cells)
    if change == "add_override":
        return policy_preview.override_change(s, org_id, add={k: data.get(k) or None for k in ("seat_id", "action",
                                                                                                "effect")})
    if change == "remove_override":
        return policy_preview.override_change(s, org_id, remove=data.get("id", ""))
    if change == "add_hard_deny":
        actions = [a.strip() for a in (data.get("actions") or "").replace("\n", ",").split(",") if a.strip()]
        if not actions:
            raise Invalid("name at least one action class (e.g. external.spend or data.*)", field="actions")
        name = (data.get("id") or "").strip()
        if not name:
            raise Invalid("give the rule a short name, e.g. no-big-spend", field="id")
        return policy_preview.hard_deny_change(s, org_id, add={
            "id": name, "actions": actions, "applies_to": data.get("applies_to") or "agents",
            "when": _condition(data), "reason": (data.get("reason") or "").strip()})
    if change == "remove_hard_deny":
        return policy_preview.hard_deny_change(s, org_id, remove=data.get("id", ""))
    if change == "spend":
        per_level = {lv: _cents(f"level.{lv}", data.get(f"level.{lv}")) for lv in LEVELS}
        per_action = {key[len("action."):]: _cents(key, value) for key, value in data.items()
                      if key.startswith("action.")}
        if data.get("new_action"):
            per_action[data["new_action"]] = _cents("new_amount", data.get("new_amount"))
        return policy_preview.spend_change(per_level, per_action)
    raise Invalid("unknown policy edit", field="change")


@router.post("/settings/policy/preview")
def preview(request: Request, data: dict = Depends(form_data)):
    """Nothing is saved: the page comes back with what the edit would change, and a Save button."""
    actor = posted(request, data.get("csrf_token", ""))
    try:
        with request.app.state.db.read() as s:
            sections = sections_from_form(s, actor.org_id, data)
            result = policy_preview.preview(s, actor, sections)
    except OTPError as error:
        return _page(request, actor, {"error": error, "posted": data}, status=error.status)
    return _page(request, actor, {"preview": result, "proposal": json.dumps(result["sections"]),
                                  "posted": data})


@router.post("/settings/policy/apply")
def apply(request: Request, data: dict = Depends(form_data)):
    actor = posted(request, data.get("csrf_token", ""))
    try:
        sections = json.loads(data.get("sections") or "{}")
        version = int(data.get("version", ""))
        if not isinstance(sections, dict):
            raise ValueError
    except ValueError:
        return _page(request, actor, {"error": Invalid("the preview was incomplete; preview again", field="policy")},
                     status=422)
    done = attempt(request, lambda s: policy_preview.apply(s, actor, version=version, sections=sections))
    saved = done.value["version"] if done.ok else None
    return finish(request, done, to="/settings/policy", success=f"Policy saved (version {saved}).",
                  on_error=lambda error: _page(request, actor, {"error": error}, status=error.status))
