"""Measurables with their weekly history, rocks, issues and to-dos import on top of a chart;
owners are found by seat title; a second run duplicates nothing."""
from __future__ import annotations

import pytest

from tests.imports.kit import counts, fixture, imported, preview


@pytest.fixture
def charted(org):
    imported(org, "chart", fixture("chart_30_seats.csv"))
    return org


def test_measurables_import_with_their_history(charted):
    body = imported(charted, "scorecard", fixture("scorecard.csv"))
    assert body["counts"] == {"measurable": {"create": 4}, "history": {"create": 4}}
    margin = next(m for m in charted.ok("GET", "/api/v1/measurables")["items"] if m["title"] == "Gross margin")
    assert margin["unit"] == "%" and margin["target"] == 45
    entries = charted.ok("GET", f"/api/v1/measurables/{margin['id']}/entries")
    assert [e["value"] for e in entries["items"]] == [49, 45, 48, 46, 47, 44]
    assert len(charted.events("measurable.reported")) == 24


def test_a_second_scorecard_run_records_nothing(charted):
    imported(charted, "scorecard", fixture("scorecard.csv"))
    before = counts(charted)
    body = imported(charted, "scorecard", fixture("scorecard.csv"))
    assert body["counts"] == {"measurable": {"unchanged": 4}, "history": {"unchanged": 4}}
    assert counts(charted) == before


def test_rocks_issues_and_todos_import_and_done_ones_are_skipped(charted):
    assert imported(charted, "rocks", fixture("rocks.csv"))["counts"] == {"rock": {"create": 3}}
    assert imported(charted, "issues", fixture("issues.csv"))["counts"] == {"issue": {"create": 2, "skip": 1}}
    assert imported(charted, "todos", fixture("todos.csv"))["counts"] == {"to-do": {"create": 2, "skip": 1}}
    rocks = {r["title"]: r for r in charted.ok("GET", "/api/v1/outcomes?kind=rock")["items"]}
    assert rocks["Hire two developers"]["status"] == "off_track"
    before = counts(charted)
    for kind in ("rocks", "issues", "todos"):
        body = preview(charted, kind, fixture(f"{kind}.csv"))
        assert {op for ops in body["counts"].values() for op in ops} <= {"unchanged", "skip"}
    assert counts(charted) == before
