"""Files in Bloom Growth's layout: the Org Chart, Metrics with weekly history ("Week of" columns,
goal directions in words, a between goal), Rocks, Issues and To-dos."""
from __future__ import annotations

from tests.imports.kit import counts, fixture, imported


def test_every_bloom_file_imports_and_the_metrics_keep_their_weeks(org):
    for kind, name in (("chart", "org_chart"), ("scorecard", "metrics"), ("rocks", "rocks"), ("issues", "issues"),
                       ("todos", "todos")):
        imported(org, kind, fixture(f"bloom_{name}.csv"), fmt="bloom")
    chart = {s["title"]: s for s in org.chart()}
    assert chart["Controller"]["parent_id"] == chart["CEO"]["id"] and len(chart) == 5
    cash = next(m for m in org.ok("GET", "/api/v1/measurables")["items"] if m["title"] == "Days cash on hand")
    assert (cash["comparator"], cash["target"], cash["target_max"]) == ("between", 60, 90)
    entries = org.ok("GET", f"/api/v1/measurables/{cash['id']}/entries")["items"]
    assert [e["period"] for e in entries] == ["2026-01-26", "2026-01-19", "2026-01-12", "2026-01-05"]
    assert len(org.ok("GET", "/api/v1/outcomes?kind=rock")["items"]) == 2
    assert len(org.events("todo.created")) == 2
    raised = sorted(e.payload["source"] for e in org.events("issue.raised"))
    assert raised == ["drift", "manual", "manual"]  # the off-track rock raised its drift issue, as always


def test_running_the_bloom_files_twice_writes_nothing_the_second_time(org):
    files = (("chart", "org_chart"), ("scorecard", "metrics"), ("rocks", "rocks"), ("issues", "issues"),
             ("todos", "todos"))
    for kind, name in files:
        imported(org, kind, fixture(f"bloom_{name}.csv"), fmt="bloom")
    before = counts(org)
    for kind, name in files:
        imported(org, kind, fixture(f"bloom_{name}.csv"), fmt="bloom")
    assert counts(org) == before
