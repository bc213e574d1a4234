"""The official TypeScript SDK client (what Claude Code and most agent hosts are built on) calls
every tool against real processes — `otp serve` over streamable HTTP and `otp mcp` over stdio —
once to succeed and once to fail. It validates structured content against each tool's output
schema even for errors, so an error OTP shaped wrongly would be thrown away (-32602) here."""
import pytest

from tests.agentface.kit import LISTED as TOOLS, served
from tests.interop.kit import check_every_answer, drive, every_call, stdio_plan

pytestmark = pytest.mark.slow


def test_every_tool_succeeds_and_fails_with_its_field_over_http(org, database_url, tmp_path):
    w, calls = every_call(org)
    with served(database_url, tmp_path) as base:
        report = drive({"transport": "http", "url": f"{base}/mcp/", "token": w.token, "calls": calls,
                        "prompts": [{"name": "work_loop"}, {"name": "prepare_for_the_weekly_meeting"}]}, tmp_path)
    check_every_answer(report, TOOLS)
    assert report["promptNames"] == ["work_loop", "prepare_for_the_weekly_meeting"]
    assert all("submit_meeting_prep" in p["messages"][0]["content"]["text"] for p in report["prompts"][1:])


def test_every_tool_succeeds_and_fails_with_its_field_over_stdio(org, database_url, tmp_path):
    w, calls = every_call(org)
    report = drive(stdio_plan(database_url, tmp_path, w.token, calls=calls), tmp_path)
    check_every_answer(report, TOOLS)
