"""A rolling deploy sends SIGTERM while agents are mid-call. uvicorn then lets in-flight responses
finish, but sse-starlette ends every open SSE stream on that signal (uvicorn's handle_exit sets
its process-wide AppStatus.should_exit), before the stream's last message. MCP therefore answers
each POST with one JSON body: a tool call that committed its change still delivers its answer."""
import anyio
import httpx2
from sse_starlette.sse import AppStatus

from tests.agentface.kit import fresh_app, world


def post(app, token: str, body: dict):
    async def main():
        async with app.router.lifespan_context(app):
            async with httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app),
                                          base_url="http://testserver") as hc:
                return await hc.post("/mcp/", json=body, headers={
                    "Authorization": f"Bearer {token}", "Content-Type": "application/json",
                    "Accept": "application/json, text/event-stream"})
    return anyio.run(main)


def test_a_tool_call_made_while_the_server_shuts_down_gets_its_whole_answer(org, monkeypatch):
    w = world(org, level=2)
    w.measurable("calls")
    monkeypatch.setattr(AppStatus, "should_exit", True)  # what uvicorn's SIGTERM handler leaves set
    response = post(fresh_app(org), w.token, {
        "jsonrpc": "2.0", "id": 3, "method": "tools/call",
        "params": {"name": "report_measurable", "arguments": {"measurable": "calls", "value": 12}}})
    assert response.status_code == 200
    answer = response.json()["result"]["structuredContent"]
    assert answer["status"] == "done" and answer["result"]["value"] == 12
    assert org.events("measurable.reported")[-1].actor_id == w.agent["id"]


def test_each_mcp_post_is_answered_with_one_json_body(org):
    w = world(org)
    response = post(fresh_app(org), w.token, {"jsonrpc": "2.0", "id": 7, "method": "tools/list", "params": {}})
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["id"] == 7 and "briefing" in {tool["name"] for tool in body["result"]["tools"]}
