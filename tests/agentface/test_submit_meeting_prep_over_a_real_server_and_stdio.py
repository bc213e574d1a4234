"""submit_meeting_prep over both real transports, with the SDK client: `otp serve` (streamable
HTTP, the same bearer token as REST) and `otp mcp` (stdio, token from OTP_TOKEN)."""
import sys

import anyio
import httpx2
import pytest
from mcp import Client, StdioServerParameters
from mcp.client.streamable_http import streamable_http_client

from tests.agentface.kit import process_env, served, structured, world

pytestmark = pytest.mark.slow


def prep_world(org):
    w = world(org, level=5)
    calls = w.measurable("calls")
    rock = w.outcome("Launch the newsletter", kind="rock")
    prep = {"meeting_id": w.meeting(), "measurables": [{"measurable_id": calls["id"], "value": 9}],
            "rocks": [{"outcome_id": rock["id"], "status": "off_track", "reason": "Printer is late"}],
            "headlines": [{"kind": "employee", "text": "New hire starts"}]}
    return w, prep


async def prep_and_bad_prep(client, prep):
    done = structured(await client.call_tool("submit_meeting_prep", prep))
    bad = structured(await client.call_tool("submit_meeting_prep", {
        "meeting_id": prep["meeting_id"], "rocks": [{"outcome_id": "out_missing", "status": "on_track"}]}))
    return done, bad


def check(org, w, prep, done, bad, events_before):
    assert done["status"] == "done", done
    assert [r["result"] for k in ("measurables", "rocks", "headlines") for r in done["result"][k]] == ["done"] * 3
    assert bad["is_error"] and bad["error"]["field"] == "rocks.0.outcome_id"
    mine = [e.action for e in org.events() if e.actor_id == w.agent["id"] and e.seq > events_before]
    assert mine.count("meeting.prep_submitted") == 1 and "outcome.status_changed" in mine
    prepared = {a["seat_id"]: a["prepared"] for a in org.ok("GET", f"/api/v1/meetings/{prep['meeting_id']}")[
        "attendees"]}
    assert prepared[w.seat["id"]] is True


def test_submit_meeting_prep_over_streamable_http_against_otp_serve(org, database_url, tmp_path):
    w, prep = prep_world(org)
    before = org.events()[-1].seq

    async def go(url):
        async with httpx2.AsyncClient(headers={"Authorization": f"Bearer {w.token}"}, timeout=30) as hc:
            async with Client(streamable_http_client(url, http_client=hc)) as client:
                return await prep_and_bad_prep(client, prep)
    with served(database_url, tmp_path) as base:
        done, bad = anyio.run(go, f"{base}/mcp/")
    check(org, w, prep, done, bad, before)


def test_submit_meeting_prep_over_stdio_with_otp_mcp(org, database_url, tmp_path):
    w, prep = prep_world(org)
    before = org.events()[-1].seq
    params = StdioServerParameters(command=sys.executable, args=["-m", "otp.cli.main", "mcp", "--database-url",
                                                                 database_url],
                                   env=process_env(tmp_path, OTP_TOKEN=w.token))

    async def go():
        async with Client(params, read_timeout_seconds=60) as client:
            return await prep_and_bad_prep(client, prep)
    done, bad = anyio.run(go)
    check(org, w, prep, done, bad, before)
