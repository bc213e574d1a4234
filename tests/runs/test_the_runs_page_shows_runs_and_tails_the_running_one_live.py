"""The agent's runs section: Run now from the page, the runs table, and the running run's output
arriving over server-sent events, then `ended`."""
import re

from fastapi.testclient import TestClient
from sqlalchemy import select

from otp.org.models import Person
from tests.runs.kit import crew
from tests.web.test_login_and_chart import login

TALKER = "import time\nfor i in range(3):\n    print('line', i, flush=True); time.sleep(0.7)"


def signed_in(org, app) -> TestClient:
    client = TestClient(app)
    with org.db.read() as s:
        email = s.execute(select(Person.email).where(Person.id == org.owner_id)).scalar_one()
    login(client, email, "pw-owner")
    return client


def test_run_now_from_the_page_and_watch_its_output_live(org, app):
    c = crew(org)
    c.script(TALKER)
    web = signed_in(org, app)
    page = web.get(f"/agents/{c.agent_id}/runs")
    assert page.status_code == 200 and "Run now" in page.text and "No runs yet." in page.text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]
    posted = web.post(f"/agents/{c.agent_id}/runs/wake", data={"csrf_token": csrf}, follow_redirects=False)
    assert posted.status_code == 303 and c.runs()[0].state == "queued"
    c.step()
    running = c.until_running()
    assert 'sse-connect="/runs/%s/tail"' % running.id in web.get(f"/agents/{c.agent_id}/runs/section").text
    seen = []
    with web.stream("GET", f"/runs/{running.id}/tail") as stream:
        event = None
        for line in stream.iter_lines():
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: ") and event:
                seen.append((event, line[6:]))
                if event == "ended":
                    break
    assert ("output", "line 2") in seen and seen[-1] == ("ended", "succeeded")
    assert "succeeded" in web.get(f"/agents/{c.agent_id}/runs/{running.id}").text


def test_an_unknown_agent_has_no_runs_page(org, app):
    web = signed_in(org, app)
    assert web.get("/agents/agt_nope/runs").status_code == 404
