"""The compiled context as Markdown: AGENTS.md (any coding agent) or CLAUDE.md (Claude Code).

Both carry the same facts in the same order; they differ in the title and the opening line,
which is how each tool expects its instruction file to start. Pure: a dict in, text out.
"""
from __future__ import annotations


def markdown(data: dict, fmt: str) -> str:
    agent, org = data["agent"], data["organization"]
    title = "AGENTS.md" if fmt == "agents-md" else "CLAUDE.md"
    lines = [f"# {title} — {agent['name']} at {org['name']}", ""]
    if fmt == "claude-md":
        lines += ["You are working as an agent on the OTP accountability chart. Everything below is compiled "
                  "from the organization's live data; follow it over any general habit.", ""]
    else:
        lines += ["Compiled by OTP from the organization's live data: who this agent is, what it may do, what it "
                  "owns and the procedures it follows.", ""]
    for section in (_who, _authority, _escalation, _outcomes, _measurables, _todos, _issues, _sops, _rules):
        lines += section(data)
    return "\n".join(lines).rstrip() + "\n"


def _h(title: str) -> list[str]:
    return [f"## {title}", ""]


def _holder(holder: dict | None) -> str:
    return "vacant" if holder is None else f"{holder['name']} ({holder['kind']})"


def _who(data: dict) -> list[str]:
    a = data["agent"]
    out = _h("Who you are")
    model = f", model {a['model']}" if a["model"] else ""
    out.append(f"- Agent: {a['name']} (`{a['id']}`), runtime {a['runtime']}{model}")
    out.append(f"- Organization: {data['organization']['name']} (`{data['organization']['slug']}`), "
               f"timezone {data['organization']['timezone']}")
    out.append(f"- Level {a['level']} — {a['level_name']}; status {a['status']}"
               + ("" if a["status"] == "active" else " (while paused you may read, but every write is denied)"))
    if a["monthly_budget_cents"] is not None:
        out.append(f"- Monthly budget: {a['monthly_budget_cents']} cents")
    if a["description"]:
        out.append(f"- About: {a['description']}")
    human = data["accountable_human"]
    out.append(f"- Accountable human: {human['name']} ({human['seat_title']})" if human
               else "- Accountable human: none above this seat — escalations go to the organization's owners")
    out.append("")
    if not data["seats"]:
        out += ["You hold no seat on the chart yet.", ""]
    for seat in data["seats"]:
        out += [f"### Seat: {seat['title']} (`{seat['id']}`)", ""]
        if seat["purpose"]:
            out += [f"Purpose: {seat['purpose']}", ""]
        out += ["Responsibilities:"] + [f"- {r}" for r in seat["responsibilities"]] + [""]
        rt = seat["reports_to"]
        out += [f"Reports to: {rt['title']} — {_holder(rt['holder'])}" if rt else "Reports to: nobody (top seat)", ""]
    return out


def _items(items: list[dict]) -> list[str]:
    return [f"- `{i['action']}` — {i['description']}" + (f" ({i['note']})" if i.get("note") else "") for i in items]


def _authority(data: dict) -> list[str]:
    a = data["authority"]
    out = _h(f"What level {data['agent']['level']} means here")
    out += ["### You may do (no approval needed)", ""] + (_items(a["may_do"]) or ["- nothing"]) + [""]
    out += ["### You must ask first (the platform opens an approval request and holds the action)", ""]
    out += (_items(a["must_ask"]) or ["- nothing"]) + [""]
    out += ["### You may never", ""] + (_items(a["may_never"]) or ["- nothing"])
    out += [f"- {s}" for s in a["self_protection"]] + [""]
    return out


def _escalation(data: dict) -> list[str]:
    out = _h("Escalation path")
    if not data["escalation_path"]:
        return out + ["No human-held seat above you; escalations go to the organization's owners.", ""]
    out += [f"{n}. {h['name']} — {h['seat_title']} (`{h['seat_id']}`)"
            for n, h in enumerate(data["escalation_path"], 1)]
    return out + ["", "Unanswered escalations and approvals climb this path when their deadline passes.", ""]


def _outcomes(data: dict) -> list[str]:
    out = _h("Outcomes")
    if not data["outcomes"]:
        return out + ["None open.", ""]
    for o in data["outcomes"]:
        when = o["due_date"] or o["quarter"] or "no date"
        out.append(f"- [{o['role']}] **{o['title']}** (`{o['id']}`) — {o['kind']}, status {o['status']} "
                   f"(since {o['status_changed_at'][:10]}), due {when}")
        out.append(f"  - Done when: {o['definition_of_done']}")
        if o.get("contributes_to"):
            up = o["contributes_to"]
            out.append(f"  - Contributes to: {up['title']} (`{up['id']}`), status {up['status']}")
    return out + [""]


def _measurables(data: dict) -> list[str]:
    out = _h("Measurables")
    if not data["measurables"]:
        return out + ["None.", ""]
    for m in data["measurables"]:
        between = m["comparator"] == "between"
        target = f"{m['target']}–{m['target_max']}" if between else f"{m['comparator']} {m['target']}"
        last = m["last"]
        shown = "no value yet" if last is None else (
            f"last {last['value']} for {last['period']} ("
            + {True: "on target", False: "off target", None: "no value"}[last["on_target"]] + ")")
        unit = f" {m['unit']}" if m["unit"] else ""
        kind = ", computed by formula" if m["computed"] else ""
        out.append(f"- **{m['title']}** (`{m['key']}`, `{m['id']}`) — target {target}{unit}, "
                   f"{m['cadence']}{kind}; {shown}")
    return out + [""]


def _todos(data: dict) -> list[str]:
    out = _h("Open to-dos")
    rows = [f"- {t['title']} (`{t['id']}`) — due {t['due_at'][:16].replace('T', ' ')} UTC" for t in data["todos"]]
    return out + (rows or ["None."]) + [""]


def _issues(data: dict) -> list[str]:
    out = _h("Open issues")
    rows = [f"- #{i['priority']} {i['title']} (`{i['id']}`) — {i['state']}" for i in data["issues"]]
    return out + (rows or ["None."]) + [""]


def _sops(data: dict) -> list[str]:
    out = _h("Standard operating procedures")
    for group in data["sops"]:
        if len(data["sops"]) > 1:
            out += [f"### For seat {group['seat_title']}", ""]
        if not group["sops"]:
            out += ["None.", ""]
        for s in group["sops"]:
            origin = f"inherited from {s['source_seat_title']}" if s["inherited"] else "own"
            over = f"; overrides {len(s['overrides'])} inherited version(s)" if s["overrides"] else ""
            out += [f"### {s['title']} (`{s['key']}`, v{s['version']}, {origin}{over})", ""]
            if s["trigger"]:
                out += [f"When: {s['trigger']}", ""]
            out += [f"{n}. {step}" for n, step in enumerate(s["steps"], 1)] + [""]
            if s["outputs"]:
                out += ["Outputs: " + "; ".join(s["outputs"]), ""]
            if s["tools"]:
                out += ["Tools: " + ", ".join(s["tools"]), ""]
            if s["notes"]:
                out += [f"Notes: {s['notes']}", ""]
    if not data["sops"]:
        out += ["None.", ""]
    return out


def _rules(data: dict) -> list[str]:
    r = data["rules"]
    out = _h(f"Organization rules (policy version {r['policy_version']})")
    for h in r["hard_deny"]:
        cond = " when " + " and ".join(f"{c['field']} {c['op']} {c['value']}" for c in h["when"]) if h["when"] else ""
        who = "anyone" if h["applies_to"] == "everyone" else "agents"
        out.append(f"- Hard deny `{h['id']}`: {who} may never {', '.join(h['actions'])}{cond}"
                   + (f" — {h['reason']}" if h["reason"] else ""))
    limits = r["spend_limits"]
    for action, cents in limits["per_action"].items():
        out.append(f"- Spend limit for {action}: {cents} cents per action")
    if limits["this_level"] is not None:
        out.append(f"- Spend limit at your level: {limits['this_level']} cents per action")
    out.append("- Allow-listed channels: " + (", ".join(r["channel_allowlist"]) or "none"))
    for o in r["seat_overrides"]:
        out.append(f"- Your seat is set to '{o['effect']}' for {o['action']}")
    for g in r["outcome_grants"]:
        out.append(f"- Outcome `{g['outcome_id']}` grants your seat '{g['effect']}' for {g['action']}")
    return out + [""]
