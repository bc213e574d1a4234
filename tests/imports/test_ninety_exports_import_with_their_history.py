"""Files in Ninety's layout: the Accountability Chart, a weekly Scorecard with its history (week
columns as date ranges), Rocks, Issues and To-Dos, owners named by person."""
from __future__ import annotations

from tests.imports.kit import counts, errors_at, fixture, imported, preview


def _all(org):
    for kind, name in (("chart", "accountability_chart"), ("scorecard", "scorecard"), ("rocks", "rocks"),
                       ("issues", "issues"), ("todos", "todos")):
        yield kind, imported(org, kind, fixture(f"ninety_{name}.csv"), fmt="ninety")


def test_every_ninety_file_imports_and_the_scorecard_keeps_its_weeks(org):
    done = dict(_all(org))
    assert done["chart"]["counts"]["seat"] == {"create": 8} and done["chart"]["counts"]["person"] == {"create": 8}
    assert done["scorecard"]["counts"]["history"] == {"create": 4}
    revenue = next(m for m in org.ok("GET", "/api/v1/measurables")["items"] if m["title"] == "Weekly revenue")
    assert revenue["unit"] == "$" and revenue["comparator"] == ">=" and revenue["target"] == 40000
    values = [e["value"] for e in org.ok("GET", f"/api/v1/measurables/{revenue['id']}/entries")["items"]]
    assert values == [42300, 39750, 44900, 41200, 38500]
    rocks = {r["title"]: r["status"] for r in org.ok("GET", "/api/v1/outcomes?kind=rock")["items"]}
    assert rocks["Close the books by day 5"] == "done_pending_review"  # its reviewer accepts it
    assert done["issues"]["counts"]["issue"] == {"create": 2, "skip": 1}
    assert done["todos"]["counts"]["to-do"] == {"create": 2, "skip": 1}


def test_roles_from_ninety_become_membership_roles(org):
    imported(org, "chart", fixture("ninety_accountability_chart.csv"), fmt="ninety")
    roles = {p["email"]: p["role"] for p in org.ok("GET", "/api/v1/people")}
    assert roles["morgan@ninety-co.example"] == "owner" and roles["riley@ninety-co.example"] == "admin"
    assert roles["jamie@ninety-co.example"] == "member" and roles["casey@ninety-co.example"] == "observer"


def test_a_broken_ninety_scorecard_is_refused_with_its_lines_and_nothing_written(org):
    imported(org, "chart", fixture("ninety_accountability_chart.csv"), fmt="ninety")
    before = counts(org)
    body = preview(org, "scorecard", fixture("ninety_scorecard_broken.csv"), fmt="ninety")
    assert errors_at(body) == [(3, "01/05/2026 - 01/11/2026"), (4, "Owner")]
    response = org.post("/api/v1/imports", {"kind": "scorecard", "format": "ninety",
                                           "csv": fixture("ninety_scorecard_broken.csv")})
    assert response.status_code == 422 and response.json()["error"]["errors"][0]["line"] == 3
    assert counts(org) == before
