"""Each tool is a thin call into the same services as REST: one run through all of them at a
level that allows them, checking the events (and rows) each leaves behind."""
from tests.agentface.kit import TOOLS, structured, with_mcp, world


def test_every_tool_does_its_work_and_leaves_its_events(org):
    w = world(org, level=8)
    w.measurable("calls")
    outcome = w.outcome()
    meeting_id = w.meeting()

    async def go(client):
        out = {}

        async def use(tool, **args):
            out[tool] = structured(await client.call_tool(tool, args))
            assert not out[tool].get("is_error") and out[tool]["status"] == "done", (tool, out[tool])
            return out[tool]["result"]
        await use("briefing")
        await use("get_context", format="json")
        await use("check_permission", action="todo.create")
        await use("report_measurable", measurable="calls", value=7, note="slow week")
        await use("update_outcome", outcome_id=outcome["id"], status="on_track", note="fine")
        await use("submit_evidence", outcome_id=outcome["id"], kind="link", summary="PR", url="https://x.test/pr/1")
        todo = await use("create_todo", title="Call the supplier")
        await use("complete_todo", todo_id=todo["id"])
        await use("raise_issue", title="Supplier is late", details="Two weeks")
        await use("post_headline", text="Supplier found", kind="other")
        await use("request_approval", action="outcome.create", question="May I start a rock?",
                  owner_seat_id=w.seat["id"])
        await use("escalate", reason="Need a budget decision", needed="Yes or no", urgency="high")
        await use("submit_meeting_prep", meeting_id=meeting_id, headlines=[{"kind": "other", "text": "Prep done"}])
        await use("capture_learning", what_failed="Called too late", do_instead="Call on Monday", why="Lead times")
        await use("read_inbox")
        await use("heartbeat", note="weekly run")
        return out
    out = with_mcp(org, w.token, go)
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
