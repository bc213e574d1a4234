"""Helpers for the agent-face tests: a small chart with an agent under a human, and the official
MCP SDK client driving the server in-process (httpx ASGI transport into the app, its lifespan
running in the test's own event loop), so each test stays a few lines."""
from __future__ import annotations

import json
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Awaitable, Callable

import anyio
import httpx2
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from otp.api.app import create_app
from tests.helpers import OrgKit

MONDAY_9 = datetime(2026, 3, 2, 14, 0, tzinfo=timezone.utc)  # Monday 09:00 in New York (EST)
TOOLS = {"briefing", "heartbeat", "report_measurable", "update_outcome", "submit_evidence", "create_todo",
         "complete_todo", "raise_issue", "post_headline", "check_permission", "request_approval", "escalate",
         "get_context", "capture_learning", "submit_meeting_prep", "read_inbox", "search"}
# Tools of the runs domain: for an agent within a run OTP started (tests/runs covers them).
RUN_TOOLS = {"report_run_cost", "report_run_progress"}
LISTED = TOOLS | RUN_TOOLS


@dataclass
class World:
    org: OrgKit
    root: dict  # CEO seat, held by the owner
    lead: dict  # Ops lead seat, held by a person
    human: dict
    seat: dict  # the agent's seat, under the lead
    agent: dict
    token: str  # the agent's bearer token

    def measurable(self, key: str = "calls", target: float = 10, **kw) -> dict:
        body = {"title": key.capitalize(), "key": key, "owner_seat_id": self.seat["id"], "target": target, **kw}
        return self.org.ok("POST", "/api/v1/measurables", body, status=201)

    def outcome(self, title: str = "Ship it", **kw) -> dict:
        body = {"title": title, "definition_of_done": "It is shipped", "owner_seat_id": self.seat["id"], **kw}
        return self.org.ok("POST", "/api/v1/outcomes", body, status=201)

    def meeting(self, attendees: list[dict] | None = None) -> str:
        """A weekly meeting (Mondays 09:00 New York) of the CEO, the lead and the agent's seat; its
        first instance's id. Freeze the clock first (MONDAY_9) to know when that is: a week ahead."""
        seats = attendees or [self.root, self.lead, self.seat]
        body = {"team": "Ops", "weekday": 0, "time_of_day": "09:00", "timezone": "America/New_York",
                "attendee_seat_ids": [s["id"] for s in seats]}
        return self.org.ok("POST", "/api/v1/meetings/series", body, status=201)["next_meeting_id"]


def world(org: OrgKit, level: int = 3, name: str | None = None) -> World:
    root = org.root()
    human = org.person("Hana Human", role="admin")
    lead = org.seat("Ops lead", parent=root["id"], holder=human, kind="person")
    agent = org.agent(name, level=level)
    seat = org.seat("Ops agent", parent=lead["id"], holder=agent, kind="agent")
    return World(org, root, lead, human, seat, agent, org.token_for(agent=agent))


def every_tool_world(org: OrgKit) -> tuple[World, dict]:
    """A level-8 agent with a measurable, an outcome and a meeting to prepare: every tool can act."""
    w = world(org, level=8)
    w.measurable("calls")
    return w, {"outcome_id": w.outcome()["id"], "meeting_id": w.meeting()}


async def use_every_tool(client: Client, w: World, outcome_id: str, meeting_id: str) -> dict:
    """Call each tool once, as an agent's run would; every answer must be "done". {tool: answer}."""
    out: dict = {}

    async def use(tool, **args):
        out[tool] = structured(await client.call_tool(tool, args))
        assert not out[tool].get("is_error") and out[tool]["status"] == "done", (tool, out[tool])
        return out[tool]["result"]
    await use("briefing")
    await use("get_context", format="json")
    await use("check_permission", action="todo.create")
    await use("report_measurable", measurable="calls", value=7, note="slow week")
    await use("update_outcome", outcome_id=outcome_id, status="on_track", note="fine")
    await use("submit_evidence", outcome_id=outcome_id, kind="link", summary="PR", url="https://x.test/pr/1")
    todo = await use("create_todo", title="Call the supplier")
    await use("complete_todo", todo_id=todo["id"])
    await use("raise_issue", title="Supplier is late", details="Two weeks")
    await use("post_headline", text="Supplier found", kind="other")
    await use("request_approval", action="outcome.create", question="May I start a rock?", owner_seat_id=w.seat["id"])
    await use("escalate", reason="Need a budget decision", needed="Yes or no", urgency="high")
    await use("submit_meeting_prep", meeting_id=meeting_id, headlines=[{"kind": "other", "text": "Prep done"}])
    await use("capture_learning", what_failed="Called too late", do_instead="Call on Monday", why="Lead times")
    await use("read_inbox")
    await use("search", q="supplier")
    await use("heartbeat", note="weekly run")
    return out


def check_every_tool(org: OrgKit, w: World, out: dict) -> None:
    """Each tool did its work as the agent and left its event."""
    assert set(out) == TOOLS
    actions = [e.action for e in org.events() if e.actor_id == w.agent["id"]]
    for expected in ("measurable.reported", "outcome.status_changed", "outcome.evidence_submitted", "todo.created",
                     "todo.completed", "issue.raised", "headline.posted", "escalation.raised",
                     "meeting.prep_submitted"):
        assert expected in actions, expected
    assert out["raise_issue"]["result"]["owner_seat_id"] == w.seat["id"]  # defaults to the agent's own seat
    assert out["escalate"]["result"]["holder_person_id"] == w.human["id"]
    assert out["heartbeat"]["result"]["agent_id"] == w.agent["id"]
    assert out["capture_learning"]["result"]["claim_id"]


def fresh_app(org: OrgKit):
    """An app instance of its own over the suite's database (its lifespan runs in the caller's loop)."""
    return create_app(org.client.app.state.settings, org.db)


@asynccontextmanager
async def mcp_client(app, token: str | None, base: str = "http://testserver", mode: str = "auto"):
    """mode: "auto" (2026-07-28 when served), "legacy" (the 2025-11-25 handshake) or a version."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with app.router.lifespan_context(app):
        async with httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url=base, headers=headers) as hc:
            async with Client(streamable_http_client(f"{base}/mcp/", http_client=hc), mode=mode) as client:
                yield client


def with_mcp(org: OrgKit, token: str, go: Callable[[Client], Awaitable[Any]], mode: str = "auto") -> Any:
    """Run `go(client)` against a fresh in-process app; return what it returns."""
    async def main():
        async with mcp_client(fresh_app(org), token, mode=mode) as client:
            return await go(client)
    return anyio.run(main)


def call(org: OrgKit, token: str, tool: str, **arguments) -> dict:
    """One tool call; the structured answer (or {"error": ...} for a tool error)."""
    async def go(client):
        return await client.call_tool(tool, arguments)
    result = with_mcp(org, token, go)
    return structured(result)


def structured(result) -> dict:
    if result.is_error:
        return {"is_error": True, **(result.structured_content or {}),
                "text": " ".join(c.text for c in result.content if hasattr(c, "text"))}
    return result.structured_content


def text_of(resource_result) -> str:
    return resource_result.contents[0].text


def as_json(text: str) -> Any:
    return json.loads(text)


# --- real processes ---------------------------------------------------------------------------
def free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def process_env(tmp_path, **extra) -> dict:
    import os
    env = {**os.environ, "OTP_DATA_DIR": str(tmp_path), "OTP_SECRET_KEY": "test-secret-key", **extra}
    env.pop("OTP_TOKEN", None)
    return {**env, **extra}


def start_serve(database_url: str, tmp_path, *, hosts: str = "", public: bool = False):
    """`otp serve` on a free port (a real uvicorn process), returned as (process, base URL) once it
    answers its health check. `public`: that base URL is its OTP_PUBLIC_URL too (the OAuth issuer
    an MCP host discovers). The caller stops it (`served` does it politely; crash tests kill it)."""
    import subprocess
    import sys
    import time

    import httpx
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    extra = {"OTP_PUBLIC_URL": base} if public else {}
    proc = subprocess.Popen([sys.executable, "-m", "otp.cli.main", "serve", "--port", str(port), "--no-worker",
                             "--database-url", database_url],
                            env=process_env(tmp_path, OTP_ALLOWED_HOSTS=hosts, **extra),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"otp serve did not start: {proc.stderr.read().decode()[-2000:]}")
        time.sleep(0.1)


@contextmanager
def served(database_url: str, tmp_path, *, hosts: str = "", public: bool = False):
    """`otp serve` on a free port for the block (see `start_serve`); yields its base URL."""
    import subprocess
    proc, base = start_serve(database_url, tmp_path, hosts=hosts, public=public)
    try:
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
