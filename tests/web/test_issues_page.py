"""The issues list: raise, rank (the top 3 stand out), move through IDS, solve with a to-do."""
from __future__ import annotations

import re

from tests.web.kit import web


def _raise(k, title: str) -> str:
    response = k.post("/issues", {"title": title, "owner_seat_id": k.seat("Integrator / COO")})
    assert response.status_code == 303
    return response.headers["location"].split("#")[1]


def _ranked(k) -> list[str]:
    return re.findall(r'<li id="(iss_[a-z0-9]+)" class="issue', k.get("/issues").text)


def test_a_raised_issue_joins_the_bottom_of_the_list(demo_db):
    with web(demo_db) as k:
        issue = _raise(k, "Printer keeps jamming")
        assert _ranked(k)[-1] == issue


def test_moving_an_issue_up_changes_its_rank(demo_db):
    with web(demo_db) as k:
        issue = _raise(k, "Printer keeps jamming")
        rank = len(_ranked(k))
        assert k.post(f"/issues/{issue}/move", {"position": str(rank - 1)}).status_code == 303
        assert _ranked(k)[-2] == issue


def test_the_top_three_stand_out(demo_db):
    with web(demo_db) as k:
        for title in ("One", "Two", "Three", "Four"):
            _raise(k, title)
        page = k.get("/issues").text
        assert page.count('class="issue top"') == 3


def test_identify_discuss_and_solve_with_a_to_do(demo_db):
    with web(demo_db) as k:
        issue = _raise(k, "Invoices go out late")
        k.post(f"/issues/{issue}/state", {"state": "identified"})
        k.post(f"/issues/{issue}/state", {"state": "discussed"})
        assert k.post(f"/issues/{issue}/solve", {"solution": "Automate reminders", "todo": "Set up reminders"}
                      ).status_code == 303
        assert issue not in _ranked(k) and "Automate reminders" in k.get("/issues").text
        assert "Set up reminders" in k.get("/todos").text


def test_solving_without_a_solution_is_refused_next_to_the_field(demo_db):
    with web(demo_db) as k:
        issue = _raise(k, "Invoices go out late")
        k.post(f"/issues/{issue}/state", {"state": "identified"})
        k.post(f"/issues/{issue}/state", {"state": "discussed"})
        response = k.post(f"/issues/{issue}/solve", {"solution": ""})
        assert response.status_code == 422 and 'id="err-solution"' in response.text
        assert issue in _ranked(k)
