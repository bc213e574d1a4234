"""Two prompts: the work loop (briefing → act → heartbeat) and the weekly-meeting prep, which
names the meetings asking for the caller's prep now."""
from datetime import timedelta

from otp.core import clock
from tests.agentface.kit import MONDAY_9, with_mcp, world


def prompts(org, token, **meeting_args):
    async def go(client):
        listed = [p.name for p in (await client.list_prompts()).prompts]
        loop = await client.get_prompt("work_loop", {"goal": "the newsletter"})
        prep = await client.get_prompt("prepare_for_the_weekly_meeting", {})
        return listed, loop.messages[0].content.text, prep.messages[0].content.text
    return with_mcp(org, token, go)


def test_the_work_loop_starts_with_the_briefing_and_ends_with_a_heartbeat(org):
    w = world(org)
    listed, loop, _ = prompts(org, w.token)
    assert listed == ["work_loop", "prepare_for_the_weekly_meeting"]
    assert loop.index("`briefing`") < loop.index("`report_measurable`") < loop.index("`heartbeat`")
    assert loop.endswith("Focus of this run: the newsletter")


def test_the_meeting_prompt_names_the_meeting_that_asks_for_prep(org):
    clock.freeze(MONDAY_9)
    w = world(org, level=5)
    _, _, quiet = prompts(org, w.token)
    meeting_id = w.meeting()
    clock.advance(timedelta(days=6))  # within the 48 hours prep is asked for
    _, _, asked = prompts(org, w.token)
    assert "no meeting asks for your prep" in quiet and meeting_id not in quiet
    assert meeting_id in asked and "submit_meeting_prep" in asked
