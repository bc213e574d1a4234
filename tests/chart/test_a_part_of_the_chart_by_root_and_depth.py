"""GET /api/v1/chart?root=SEAT&depth=N: the part of the chart the diagram loads when a branch is
expanded, with each seat's number of reports and its health; bad input is a 404 or a 422 naming
the field."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.helpers import OrgKit

DOD = "The contract is signed and filed"


def _tree(org: OrgKit) -> dict:
    """CEO > (Sales > (Rep 1, Rep 2 > Intern), Ops)."""
    ceo = org.root()
    sales = org.seat("Sales", parent=ceo["id"], holder=org.person("Sam Sales"))
    rep1 = org.seat("Rep 1", parent=sales["id"])
    rep2 = org.seat("Rep 2", parent=sales["id"])
    intern = org.seat("Intern", parent=rep2["id"])
    ops = org.seat("Ops", parent=ceo["id"])
    return {"ceo": ceo, "sales": sales, "rep1": rep1, "rep2": rep2, "intern": intern, "ops": ops}


def _titles(body: dict) -> list[str]:
    return [s["title"] for s in body["seats"]]


def test_depth_one_from_the_top_gives_the_top_seat_and_its_reports_with_their_counts(org):
    _tree(org)
    body = org.ok("GET", "/api/v1/chart?depth=1")
    assert _titles(body) == ["CEO", "Ops", "Sales"]  # siblings by position, then title: as the list shows them
    assert [s["children"] for s in body["seats"]] == [2, 0, 2]


def test_a_branch_asked_for_by_its_root_comes_parents_before_children(org):
    seats = _tree(org)
    body = org.ok("GET", f"/api/v1/chart?root={seats['sales']['id']}&depth=2")
    assert _titles(body) == ["Sales", "Rep 1", "Rep 2", "Intern"]
    assert body["seats"][0]["occupant"]["name"] == "Sam Sales"
    assert body["seats"][0]["parent_id"] == seats["ceo"]["id"]


def test_depth_zero_gives_the_root_alone_and_says_how_many_report_to_it(org):
    seats = _tree(org)
    body = org.ok("GET", f"/api/v1/chart?root={seats['rep2']['id']}&depth=0")
    assert [(s["title"], s["children"]) for s in body["seats"]] == [("Rep 2", 1)]


def test_the_whole_chart_without_parameters_is_unchanged(org):
    _tree(org)
    seats = org.ok("GET", "/api/v1/chart")["seats"]
    assert len(seats) == 6 and "children" not in seats[0] and "health" not in seats[0]


def test_a_seat_shows_its_off_track_rocks_off_target_numbers_and_open_escalations(org):
    seats = _tree(org)
    sales = seats["sales"]["id"]
    rock = org.ok("POST", "/api/v1/outcomes", {"title": "Win Acme", "definition_of_done": DOD,
                                               "owner_seat_id": sales}, status=201)
    org.ok("POST", f"/api/v1/outcomes/{rock['id']}/status", {"status": "off_track", "note": "slipping"})
    number = org.ok("POST", "/api/v1/measurables", {"title": "Leads", "owner_seat_id": sales, "target": 10},
                    status=201)
    monday = date.today() - timedelta(days=date.today().weekday() + 7)
    org.ok("POST", f"/api/v1/measurables/{number['id']}/entries", {"value": 3, "period": monday.isoformat()},
           status=201)
    bot = org.agent("Robo", level=3)
    org.seat("Bot", parent=sales, holder=bot)
    org.ok("POST", "/api/v1/escalations", {"reason": "Stuck on pricing"}, token=org.token_for(agent=bot),
           status=201)
    body = org.ok("GET", f"/api/v1/chart?root={sales}&depth=1")
    health = {s["title"]: s["health"] for s in body["seats"]}
    assert health["Sales"] == {"off_track_rocks": 1, "off_target_numbers": 1, "open_escalations": 1}
    assert health["Rep 1"] == {"off_track_rocks": 0, "off_target_numbers": 0, "open_escalations": 0}
    bot_seat = next(s for s in body["seats"] if s["title"] == "Bot")
    assert bot_seat["occupant"]["kind"] == "agent" and bot_seat["occupant"]["level"] == 3


def test_an_unknown_root_is_404_naming_root(org):
    _tree(org)
    response = org.get("/api/v1/chart?root=seat_nope&depth=1")
    assert response.status_code == 404 and response.json()["error"]["field"] == "root"


def test_a_root_in_another_organization_is_404(org, db, client):
    other = OrgKit.create(db, client)
    theirs = other.root()
    _tree(org)
    response = org.get(f"/api/v1/chart?root={theirs['id']}&depth=1")
    assert response.status_code == 404 and response.json()["error"]["field"] == "root"
    assert theirs["title"] not in response.text


@pytest.mark.parametrize("depth", ["-1", "11", "two", "1.5"])
def test_a_depth_out_of_range_is_422_naming_depth(org, depth):
    _tree(org)
    response = org.get(f"/api/v1/chart?depth={depth}")
    assert response.status_code == 422, response.text
    assert response.json()["error"]["field"] == "depth"


def test_a_branch_of_a_wide_chart_loads_without_reading_the_rest(org):
    """More reports than SQLite binds in one statement: the levels are read in chunks."""
    ceo = org.root()
    with org.db.write() as s:
        from otp.core.ids import new_id
        from otp.org.models import Seat
        rows = [dict(id=new_id("seat"), org_id=org.org_id, title=f"Seat {i}", purpose="", responsibilities=[],
                     parent_id=ceo["id"], position=i) for i in range(1200)]
        s.execute(Seat.__table__.insert(), rows)
        s.execute(Seat.__table__.insert(), [dict(id=new_id("seat"), org_id=org.org_id, title="Deep", purpose="",
                                                 responsibilities=[], parent_id=rows[1100]["id"], position=0)])
    body = org.ok("GET", "/api/v1/chart?depth=1")
    assert len(body["seats"]) == 1201
    assert next(s for s in body["seats"] if s["id"] == rows[1100]["id"])["children"] == 1


def test_the_seat_count_stops_at_its_bound(org):
    from otp.org.chart_read import seat_count
    _tree(org)
    with org.db.read() as s:
        assert seat_count(s, org.org_id, up_to=100) == 6
        assert seat_count(s, org.org_id, up_to=4) == 4
