"""The chart's rules, checked per line: cycles in reports-to, agents with no person above them,
a second top seat, unknown holders, a missing required column."""
from __future__ import annotations

from tests.imports.kit import counts, errors_at, preview

HEAD = "seat,reports_to,holder,email,agent,responsibilities\n"
R = "a; b; c"


def test_a_cycle_in_reports_to_names_every_line_in_it(org):
    body = preview(org, "chart", HEAD + f"Top,,,,,{R}\nA,C,,,,{R}\nB,A,,,,{R}\nC,B,,,,{R}\n")
    assert errors_at(body) == [(3, "reports_to"), (4, "reports_to"), (5, "reports_to")]
    assert {e["message"] for e in body["errors"]} == {"reports-to makes a cycle: A → C → B → A"}


def test_an_agent_with_no_person_above_it_is_refused_on_its_line(org):
    body = preview(org, "chart", HEAD + f"Top,,,,Boss Bot,{R}\nHelper,Top,Pat,pat-{org.slug}@example.com,,{R}\n")
    assert errors_at(body) == [(2, "agent")]
    assert "no person-held seat above it" in body["errors"][0]["message"]


def test_the_same_file_is_fine_when_the_organization_allows_agents_on_top(org):
    org.ok("PATCH", f"/api/v1/organizations/{org.org_id}", {"settings": {"require_human_above_agents": False}})
    body = preview(org, "chart", HEAD + f"Top,,,,Boss Bot,{R}\n")
    assert body["ok"], body["errors"]


def test_a_second_top_seat_and_an_unknown_holder_are_named(org):
    body = preview(org, "chart", HEAD + f"Top,,,,,{R}\nOther,,,,,{R}\nSales,Top,Nobody Known,,,{R}\n")
    assert errors_at(body) == [(3, "reports_to"), (4, "holder")]
    assert "unknown holder 'Nobody Known'" in body["errors"][1]["message"]


def test_a_file_without_the_seat_column_is_refused_at_its_header(org):
    before = counts(org)
    body = preview(org, "chart", "title_of_thing,parent\nx,y\n")
    assert errors_at(body) == [(1, "seat")]
    assert counts(org) == before


def test_a_seat_under_an_existing_seat_of_the_chart_is_found_by_title(org):
    top = org.root()
    body = preview(org, "chart", HEAD + f"CEO,,,,,\nSales,CEO,,,Sales Bot,{R}\n")
    assert body["ok"], body["errors"]
    assert body["counts"]["seat"] == {"unchanged": 1, "create": 1} and top["title"] == "CEO"
