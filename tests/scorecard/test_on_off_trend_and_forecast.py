"""Per period: on or off target by the comparator; a trend and a least-squares forecast per row."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from otp.core import clock
from otp.scorecard.stats import on_target, trend_and_forecast
from tests.scorecard import kit


@pytest.mark.parametrize("value,comparator,target,target_max,expected", [
    (10, ">=", 10, None, True), (9.99, ">=", 10, None, False), (10, "<=", 10, None, True), (11, "<=", 10, None, False),
    (0.1 + 0.2, "==", 0.3, None, True), (0.31, "==", 0.3, None, False), (5, "between", 4, 6, True),
    (6, "between", 4, 6, True), (6.5, "between", 4, 6, False), (None, ">=", 1, None, None)])
def test_on_target_follows_the_comparator(value, comparator, target, target_max, expected):
    assert on_target(value, comparator, target, target_max) is expected


def test_a_rising_series_trends_up_and_forecasts_the_next_step():
    assert trend_and_forecast([1, 2, 3, 4]) == ("up", 5)


def test_a_falling_series_with_gaps_trends_down_and_the_gap_keeps_its_place():
    assert trend_and_forecast([10, None, 6, None, 2]) == ("down", 0)


def test_small_wobbles_are_flat_and_one_value_gives_no_line():
    assert trend_and_forecast([100, 101, 99, 100, 101])[0] == "flat"
    assert trend_and_forecast([None, 5, None]) == (None, None)


def test_the_scorecard_shows_cells_trend_and_forecast_per_row(org):
    m = kit.measurable(org, "Calls", target=20)
    clock.freeze(datetime(2026, 1, 21, 12, tzinfo=timezone.utc))  # a Wednesday in the week of Jan 19
    kit.weeks(org, m, [10, 20, 30])
    card = org.ok("GET", "/api/v1/scorecard", params={"periods": 4})
    assert card["periods"]["weekly"] == ["2025-12-29", "2026-01-05", "2026-01-12", "2026-01-19"]
    row = card["groups"][0]["measurables"][0]
    assert [(c["value"], c["on_target"]) for c in row["cells"]] == [(None, None), (10, False), (20, True), (30, True)]
    assert row["trend"] == "up" and row["forecast"] == 40 and row["forecast_on_target"] is True


def test_the_scorecard_groups_rows_by_owner_seat_with_its_occupant(org):
    root = kit.seat(org)
    bot = org.agent("Counter", level=5)
    analyst = org.seat("Analyst", parent=root, holder=bot)
    kit.measurable(org, "Revenue")
    kit.measurable(org, "Reports sent", owner_seat_id=analyst["id"])
    groups = org.ok("GET", "/api/v1/scorecard")["groups"]
    assert [(g["seat"]["title"], g["seat"]["occupant"]["kind"], [r["title"] for r in g["measurables"]])
            for g in groups] == [("CEO", "person", ["Revenue"]), ("Analyst", "agent", ["Reports sent"])]
    only = org.ok("GET", "/api/v1/scorecard", params={"owner_seat_id": analyst["id"]})["groups"]
    assert [g["seat"]["id"] for g in only] == [analyst["id"]]


def test_an_archived_measurable_leaves_the_scorecard(org):
    m = kit.measurable(org)
    org.ok("POST", f"/api/v1/measurables/{m['id']}/archive")
    assert org.ok("GET", "/api/v1/scorecard")["groups"] == []
