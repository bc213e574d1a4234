"""/agents: the stop switch first, then every agent with its seat, level, status, last heartbeat
and the month's spend against its budget; "Agents" is in the main navigation."""
import re

from otp.org.models import Agent
from tests.web.kit import web


def _agents(k) -> list[Agent]:
    with k.db.read() as s:
        return list(s.query(Agent).filter(Agent.org_id == k.org_id))


def test_every_agent_is_listed_with_its_seat_level_status_and_budget(demo_db):
    with web(demo_db) as k:
        page = k.get("/agents")
        assert page.status_code == 200 and re.search(r'<a href="/agents" aria-current="page">.*?<span>Agents</span></a>', page.text)
        assert page.text.index('id="stop-switch"') < page.text.index('class="ag-table"')
        for agent in _agents(k):
            assert f'<tr id="{agent.id}"' in page.text and f"L{agent.level}</span>" in page.text
        assert page.text.count('class="budget-bar') >= 1 and "Pause all agents" in page.text


def test_an_agents_own_page_shows_its_ledger_eligibility_spend_and_tokens(demo_db):
    with web(demo_db) as k:
        agent = _agents(k)[0]
        page = k.get(f"/agents/{agent.id}")
        assert page.status_code == 200
        for heading in ("Promotion eligibility", "Autonomy ledger", "Incidents", "Budget and spend", "Tokens",
                        "Runtime", "Retire"):
            assert f">{heading}</h2>" in page.text, heading
        assert 'class="day-bars"' in page.text and page.text.count("criteria") >= 1
        assert k.get("/agents/agt_nope").status_code == 404
