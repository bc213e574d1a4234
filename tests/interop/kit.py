"""Helpers for the interop tests: clients nobody at OTP wrote (the official TypeScript SDK client,
the MCP Inspector CLI) driving a real `otp serve` / `otp mcp`. The Node packages are installed
from tests/interop/node/package-lock.json by `.ci/run` (`npm ci`)."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.agentface.kit import World, every_tool_world, process_env

NODE_DIR = Path(__file__).parent / "node"

# One failure per tool: (tool, arguments, the field OTP's error must name).
FAILURES = [
    ("briefing", {"since": "last tuesday"}, "since"),
    ("heartbeat", {"note": "x" * 2001}, "note"),
    ("get_context", {"agent_id": "agt_nope"}, "agent_id"),
    ("read_inbox", {"mark_read": ["inb_nope"]}, "item_id"),
    ("search", {"q": "  "}, "q"),
    ("capture_learning", {"do_instead": "Call on Monday", "why": "Lead times", "section": "nowhere"}, "section"),
    ("report_measurable", {"measurable": "nope", "value": 1}, "measurable"),
    ("update_outcome", {"outcome_id": "out_nope", "status": "on_track"}, "outcome_id"),
    ("submit_evidence", {"outcome_id": "out_nope", "kind": "note", "summary": "s"}, "outcome_id"),
    ("create_todo", {"title": "Call", "due_at": "someday"}, "due_at"),
    ("complete_todo", {"todo_id": "todo_missing"}, "todo_id"),
    ("raise_issue", {"title": "  "}, "title"),
    ("post_headline", {"text": "News", "meeting_id": "mtg_nope"}, "meeting_id"),
    ("check_permission", {"action": "no.such"}, "action"),
    ("request_approval", {"action": "external.spend", "question": "Buy"}, "amount_cents"),
    ("escalate", {"reason": "  "}, "reason"),
    ("submit_meeting_prep", {"meeting_id": "$MEETING", "rocks": [{"outcome_id": "out_nope", "status": "on_track"}]},
     "rocks.0.outcome_id"),
    ("report_run_cost", {"cents": 5, "run_id": "run_nope"}, "run_id"),
    ("report_run_progress", {"note": "halfway", "run_id": "run_nope"}, "run_id"),
]


def successes(w: World, outcome_id: str, meeting_id: str, run_id: str) -> list[dict]:
    """Each tool once as an agent's run would use it (every answer must be "done")."""
    return [
        {"tool": "briefing", "args": {}},
        {"tool": "get_context", "args": {"format": "json"}},
        {"tool": "check_permission", "args": {"action": "todo.create"}},
        {"tool": "report_measurable", "args": {"measurable": "calls", "value": 7, "note": "slow week"}},
        {"tool": "update_outcome", "args": {"outcome_id": outcome_id, "status": "on_track", "note": "fine"}},
        {"tool": "submit_evidence", "args": {"outcome_id": outcome_id, "kind": "link", "summary": "PR",
                                             "url": "https://x.test/pr/1"}},
        {"tool": "create_todo", "args": {"title": "Call the supplier"}},
        {"tool": "complete_todo", "args": {"todo_id": "$create_todo.result.id"}},
        {"tool": "raise_issue", "args": {"title": "Supplier is late", "details": "Two weeks"}},
        {"tool": "post_headline", "args": {"text": "Supplier found", "kind": "other"}},
        {"tool": "request_approval", "args": {"action": "outcome.create", "question": "May I start a rock?",
                                              "owner_seat_id": w.seat["id"]}},
        {"tool": "escalate", "args": {"reason": "Need a budget decision", "needed": "Yes or no", "urgency": "high"}},
        {"tool": "submit_meeting_prep", "args": {"meeting_id": meeting_id,
                                                 "headlines": [{"kind": "other", "text": "Prep done"}]}},
        {"tool": "capture_learning", "args": {"what_failed": "Called too late", "do_instead": "Call on Monday",
                                              "why": "Lead times"}},
        {"tool": "read_inbox", "args": {}},
        {"tool": "search", "args": {"q": "supplier"}},
        {"tool": "report_run_cost", "args": {"cents": 3, "tokens": 900, "model": "small", "run_id": run_id}},
        {"tool": "report_run_progress", "args": {"note": "halfway through", "run_id": run_id}},
        {"tool": "heartbeat", "args": {"note": "weekly run"}},
    ]


def running_run(w: World) -> str:
    """A run of the agent as a worker holds it while it runs (leased for the next hour), so the
    run tools have a run to report within."""
    from datetime import timedelta

    from otp.core import clock
    from otp.core.ids import new_id
    from otp.runs.models import Run
    with w.org.db.write() as s:
        run = Run(id=new_id("run"), org_id=w.org.org_id, agent_id=w.agent["id"], adapter="http", state="running",
                  reason="run_now", started_at=clock.now(), lease_owner="interop-test",
                  lease_until=clock.now() + timedelta(hours=1))
        s.add(run)
    return run.id


def every_call(org) -> tuple[World, list[dict]]:
    w, ids = every_tool_world(org)
    ids["run_id"] = running_run(w)
    failures = [{"tool": t, "args": json.loads(json.dumps(a).replace('"$MEETING"', json.dumps(ids["meeting_id"])))}
                for t, a, _ in FAILURES]
    return w, successes(w, **ids) + failures


def node_ready() -> None:
    assert shutil.which("node"), "Node.js is needed for the interop tests (.ci/run installs it)"
    assert (NODE_DIR / "node_modules" / "@modelcontextprotocol" / "sdk").is_dir(), \
        "run `npm ci` in tests/interop/node (.ci/run does)"


def drive(plan: dict, tmp_path) -> dict:
    """Run drive.mjs (the TypeScript SDK client) with this plan; its report."""
    node_ready()
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    done = subprocess.run(["node", str(NODE_DIR / "drive.mjs"), str(path)], capture_output=True, text=True,
                          timeout=240, cwd=NODE_DIR)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def stdio_plan(database_url: str, tmp_path, token: str, **plan) -> dict:
    return {"transport": "stdio", "command": sys.executable,
            "args": ["-m", "otp.cli.main", "mcp", "--database-url", database_url],
            "env": process_env(tmp_path, OTP_TOKEN=token), **plan}


def check_every_answer(report: dict, tools: set[str]) -> None:
    """Every tool answered "done" once and failed once with OTP's error code and the field to fix,
    and the TypeScript client accepted every answer (nothing thrown on schema validation)."""
    assert set(report["tools"]) == tools
    threw = [c for c in report["calls"] if "threw" in c]
    assert not threw, threw
    done = {c["tool"] for c in report["calls"] if not c["isError"] and c["structuredContent"]["status"] == "done"}
    assert done == tools, tools - done
    failed = {c["tool"]: c for c in report["calls"] if c["isError"]}
    assert set(failed) == tools, tools - set(failed)
    for tool, _, field in FAILURES:
        answer = failed[tool]["structuredContent"]
        assert answer["status"] == "error" and answer["error"]["field"] == field, (tool, answer)
        assert answer["error"]["code"] in ("invalid", "not_found", "conflict"), (tool, answer)
        assert answer["error"]["code"] in failed[tool]["text"] and field in failed[tool]["text"], failed[tool]


INSPECTOR = NODE_DIR / "node_modules" / "@modelcontextprotocol" / "inspector" / "clients" / "cli" / "build" / "index.js"


def http_target(base: str, token: str) -> list[str]:
    return [f"{base}/mcp/", "--transport", "http", "--header", f"Authorization: Bearer {token}"]


def stdio_target(database_url: str, tmp_path, token: str) -> list[str]:
    """The Inspector starts `otp mcp` itself; it passes the child only the variables given with -e."""
    env = process_env(tmp_path, OTP_TOKEN=token)
    names = ("OTP_TOKEN", "OTP_DATA_DIR", "OTP_SECRET_KEY", "PYTHONPATH", "PATH")
    pairs = [arg for name in names if env.get(name) for arg in ("-e", f"{name}={env[name]}")]
    return [*pairs, "--transport", "stdio", "--", sys.executable, "-m", "otp.cli.main", "mcp",
            "--database-url", database_url]


def inspector(target: list[str], *options: str, tmp_path) -> subprocess.CompletedProcess:
    """One run of the MCP Inspector's CLI mode (options first, then the target)."""
    node_ready()
    options_then_target = [*options, *target] if "--" in target else [*target, *options]
    env = {"PATH": process_env(tmp_path)["PATH"], "HOME": str(tmp_path)}  # its catalog stays in tmp
    return subprocess.run(["node", str(INSPECTOR), *options_then_target], capture_output=True, text=True,
                          timeout=120, cwd=NODE_DIR, env=env)


def inspector_call(target: list[str], tool: str, args: dict, tmp_path) -> dict:
    done = inspector(target, "--method", "tools/call", "--tool-name", tool, "--tool-args-json", json.dumps(args),
                     tmp_path=tmp_path)
    assert done.returncode in (0, 5), (tool, done.returncode, done.stderr[-2000:])  # 5: the tool said isError
    return json.loads(done.stdout)
