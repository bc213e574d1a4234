"""A chart file with bad rows is refused whole: every error names its line and column, and
nothing is written."""
from __future__ import annotations

from tests.imports.kit import confirm, counts, errors_at, fixture, preview


def test_the_broken_fixture_is_refused_with_each_line_and_column_and_nothing_written(org):
    before = counts(org)
    response = confirm(org, "chart", fixture("chart_broken.csv"))
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["field"] == "reports_to" and error["message"].startswith("import refused, nothing written: line 5")
    assert errors_at(error) == [(5, "reports_to"), (6, "seat"), (7, "holder"), (8, "email"), (9, "responsibilities")]
    assert counts(org) == before


def test_the_preview_shows_the_same_errors_and_writes_nothing(org):
    before = counts(org)
    body = preview(org, "chart", fixture("chart_broken.csv"))
    assert not body["ok"] and body["steps"] == []
    assert [e["line"] for e in body["errors"]] == [5, 6, 7, 8, 9]
    assert "no seat titled 'Finance'" in body["errors"][0]["message"]
    assert counts(org) == before
