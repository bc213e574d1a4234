"""A runnable example agent that works through OTP's MCP server over streamable HTTP.

It does one honest run of the loop an agent seat does every day:

1. reads its briefing (what needs it now) and its compiled context;
2. reports a measurable it owns (one the briefing says is missing, else its first);
3. raises an issue on its own seat's list;
4. asks for approval before spending money outside OTP (external.spend);
5. sends a heartbeat.

Every answer is printed as OTP gives it: "done", "approval_required" (with the request id and
who decides) or "denied" (with the rule).

Run it against the demo:

    otp demo                                   # terminal 1: the Brightline demo on :8000
    export OTP_TOKEN=$(otp token create --agent Tally)   # prints the token once
    python examples/mcp_agent.py               # terminal 2 (--url http://127.0.0.1:8000/mcp/ by default)

Tally is a level-2 agent (Reporter): reporting its number is allowed, raising an issue and
spending ask a human (Jordan Blake, Head of Finance & Ops). Try `--agent`-level differences by
creating a token for Scout (level 3) or Bidwell (level 6) instead.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys

import httpx2
from mcp import Client
from mcp.client.streamable_http import streamable_http_client


def show(step: str, result) -> dict:
    """Print one tool answer and return its structured content."""
    if result.is_error:
        text = " ".join(getattr(c, "text", "") for c in result.content)
        print(f"[{step}] error: {text}")
        return {"status": "error"}
    answer = result.structured_content or {}
    extra = ""
    if answer.get("status") == "approval_required":
        approver = (answer["approval"] or {}).get("approver") or {}
        extra = f" → request {answer['approval']['approval_id']}, decided by {approver.get('name')}"
    elif answer.get("status") == "denied":
        extra = f" → rule {answer['denied']['rule']}"
    print(f"[{step}] {answer.get('status')}: {answer.get('message')}{extra}")
    return answer


async def run(url: str, token: str, *, http_client: httpx2.AsyncClient | None = None, value: float = 7) -> dict:
    """One run of the loop; returns the answers by step (tests call this in-process)."""
    http = http_client or httpx2.AsyncClient(timeout=30)
    http.headers["Authorization"] = f"Bearer {token}"
    answers: dict = {}
    async with http, Client(streamable_http_client(url, http_client=http)) as otp:
        brief = show("briefing", await otp.call_tool("briefing", {}))
        answers["briefing"] = brief
        context = show("context", await otp.call_tool("get_context", {"format": "json"}))
        me = context["result"]["context"] if context.get("status") == "done" else {}
        print(f"  I am {me.get('agent', {}).get('name')} (level {me.get('agent', {}).get('level')}), "
              f"{len(brief.get('result', {}).get('measurables_to_report', []))} number(s) to report")

        missing = brief.get("result", {}).get("measurables_to_report", [])
        owned = me.get("measurables", [])
        target = (missing or owned or [None])[0]
        if target is not None:
            answers["report"] = show("report_measurable", await otp.call_tool(
                "report_measurable", {"measurable": target["id"], "value": value, "note": "reported by the example"}))
        else:
            print("[report_measurable] skipped: this agent owns no measurable")

        answers["issue"] = show("raise_issue", await otp.call_tool("raise_issue", {
            "title": "Example agent: supplier invoices arrive late",
            "details": "Raised by examples/mcp_agent.py to show the issue flow."}))
        answers["approval"] = show("request_approval", await otp.call_tool("request_approval", {
            "action": "external.spend", "amount_cents": 4900,
            "question": "Renew the bookkeeping tool subscription ($49) before it lapses on Friday?"}))
        answers["heartbeat"] = show("heartbeat", await otp.call_tool("heartbeat", {"note": "example run"}))
    return answers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("OTP_MCP_URL", "http://127.0.0.1:8000/mcp/"))
    parser.add_argument("--value", type=float, default=7, help="The number to report")
    parser.add_argument("--json", action="store_true", help="Print the answers as JSON at the end")
    args = parser.parse_args()
    token = os.environ.get("OTP_TOKEN")
    if not token:
        sys.exit("set OTP_TOKEN to an agent's token (see the docstring)")
    answers = asyncio.run(run(args.url, token, value=args.value))
    if args.json:
        print(json.dumps(answers, indent=2, default=str))


if __name__ == "__main__":
    main()
