"""The MCP Inspector's CLI (2.12) against real processes: its strict schema-portability check
reports nothing for any tool, and every tool's success and failure reach it intact, the failure
naming OTP's error code and the field to fix. Over HTTP every call runs; over stdio (a new
`otp mcp` per Inspector run) the strict listing and one success and one failure do."""
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.agentface.kit import LISTED as TOOLS, served
from tests.interop.kit import (FAILURES, every_call, http_target, inspector, inspector_call, stdio_target)

pytestmark = pytest.mark.slow


def strict_listing_is_clean(target, tmp_path) -> None:
    done = inspector(target, "--method", "tools/list", "--strict", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Warning" not in done.stderr and "Error" not in done.stderr, done.stderr[-3000:]
    import json
    assert {t["name"] for t in json.loads(done.stdout)["tools"]} == TOOLS


def check_call(target, call, tmp_path, earlier: dict) -> dict:
    args = {k: earlier[v[1:].split(".")[0]]["structuredContent"]["result"]["id"]
            if isinstance(v, str) and v.startswith("$") else v for k, v in call["args"].items()}
    out = inspector_call(target, call["tool"], args, tmp_path)
    if not out.get("isError"):
        earlier[call["tool"]] = out
    return out


def check_failure(out: dict, tool: str) -> None:
    field = next(f for t, _, f in FAILURES if t == tool)
    answer = out["structuredContent"]
    assert out["isError"] and answer["status"] == "error" and answer["error"]["field"] == field, (tool, out)
    assert answer["error"]["code"] in out["content"][0]["text"] and field in out["content"][0]["text"]


def test_over_http_the_strict_check_is_clean_and_every_call_arrives(org, database_url, tmp_path):
    w, calls = every_call(org)
    with served(database_url, tmp_path) as base:
        target = http_target(base, w.token)
        strict_listing_is_clean(target, tmp_path)
        earlier: dict = {}
        first = [c for c in calls if c["tool"] == "create_todo" and "due_at" not in c["args"]]
        outs = [("create_todo", check_call(target, first[0], tmp_path, earlier))]
        with ThreadPoolExecutor(4) as pool:  # one Node process per call: run a few at once
            rest = [c for c in calls if c is not first[0]]
            outs += zip([c["tool"] for c in rest], pool.map(lambda c: check_call(target, c, tmp_path, earlier), rest))
    assert {t for t, o in outs if not o["isError"] and o["structuredContent"]["status"] == "done"} == TOOLS
    for tool, out in outs:
        if out["isError"]:
            check_failure(out, tool)
    assert {t for t, o in outs if o["isError"]} == TOOLS


def test_over_stdio_the_strict_check_is_clean_and_answers_arrive(org, database_url, tmp_path):
    w, calls = every_call(org)
    target = stdio_target(database_url, tmp_path, w.token)
    strict_listing_is_clean(target, tmp_path)
    done = check_call(target, {"tool": "raise_issue", "args": {"title": "Supplier is late"}}, tmp_path, {})
    assert not done["isError"] and done["structuredContent"]["status"] == "done", done
    failure = next(c for c in calls if c["tool"] == "submit_meeting_prep" and "rocks" in c["args"])
    check_failure(check_call(target, failure, tmp_path, {}), "submit_meeting_prep")
