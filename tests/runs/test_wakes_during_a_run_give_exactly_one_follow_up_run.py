"""Five wakes while the agent runs coalesce into one follow-up run."""
from tests.runs.kit import crew


def test_five_wakes_during_a_run_give_one_follow_up(org):
    c = crew(org)
    c.script("import time; time.sleep(1.5)")
    first = c.wake()
    c.step()
    c.until_running()
    answers = [org.ok("POST", f"/api/v1/agents/{c.agent_id}/wake", status=202) for _ in range(5)]
    assert [a["new"] for a in answers] == [True, False, False, False, False]
    assert c.step() == 0  # the agent's one slot is taken
    c.wait_for(lambda: c.run(first["id"]).state == "succeeded")
    assert c.step() == 1
    runs = c.finished()
    assert [(r.state, r.wake_count) for r in runs] == [("succeeded", 1), ("succeeded", 5)]
