"""Seat pages carry panels: outcomes, measurables, SOPs (own and inherited), and for agents the
autonomy ledger with pause and resume."""
from __future__ import annotations

import re

from tests.web.kit import web


def test_an_agent_seat_shows_inherited_sops_and_the_autonomy_ledger(demo_db):
    with web(demo_db) as k:
        page = k.get(f"/chart/seats/{k.seat('Content Writer')}").text
        assert "inherited from" in page and "Autonomy ledger" in page and "Promotion readiness" in page


def test_a_seat_page_lists_its_measurables_with_a_sparkline(demo_db):
    with web(demo_db) as k:
        k.measurable("Proposals sent", "Head of Client Services")
        page = k.get(f"/chart/seats/{k.seat('Head of Client Services')}").text
        assert "Proposals sent" in page and '<svg class="spark"' in page


def test_pausing_and_resuming_an_agent_from_its_seat(demo_db):
    with web(demo_db) as k:
        seat = k.seat("Content Writer")
        pause = re.search(r'action="(/chart/seats/[^"]+/pause)"', k.get(f"/chart/seats/{seat}").text).group(1)
        paused, resumed = k.events("agent.paused"), k.events("agent.resumed")
        assert k.post(pause, {"reason": "Review its drafts"}).status_code == 303
        page = k.get(f"/chart/seats/{seat}").text
        assert "Resume agent" in page and k.events("agent.paused") == paused + 1
        resume = re.search(r'action="(/chart/seats/[^"]+/resume)"', page).group(1)
        assert k.post(resume).status_code == 303 and k.events("agent.resumed") == resumed + 1
