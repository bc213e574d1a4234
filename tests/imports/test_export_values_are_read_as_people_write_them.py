"""The small readers behind every format: dates, period headers, numbers, goals, lists."""
from __future__ import annotations

from datetime import date

import pytest

from otp.imports import values
from otp.imports.table import parse_day, period_start, split_list


@pytest.mark.parametrize("text, day", [("2026-03-02", date(2026, 3, 2)), ("3/2/2026", date(2026, 3, 2)),
                                       ("03/02/2026 10:00 AM", date(2026, 3, 2)), ("Mar 2, 2026", date(2026, 3, 2)),
                                       ("2026-03-02T09:00:00Z", date(2026, 3, 2)), ("soon", None), ("", None)])
def test_dates_in_the_ways_exports_write_them(text, day):
    assert parse_day(text) == day


@pytest.mark.parametrize("header, day", [("Week of 1/5/2026", date(2026, 1, 5)),
                                         ("01/05/2026 - 01/11/2026", date(2026, 1, 5)),
                                         ("2026-01-05", date(2026, 1, 5)), ("Goal", None), ("Owner", None)])
def test_period_headers_are_dates_and_nothing_else_is(header, day):
    assert period_start(header) == day


@pytest.mark.parametrize("text, number", [("12", 12), ("$1,200", 1200), ("95%", 95), ("(300)", -300),
                                          ("1.5k", 1500), ("", None), ("–", None)])
def test_numbers_with_currency_percent_and_separators(text, number):
    assert values.number(text) == number


def test_a_word_is_not_a_number():
    with pytest.raises(ValueError, match="'forty' is not a number"):
        values.number("forty")


@pytest.mark.parametrize("text, goal", [(">= 40", (">=", 40, None)), ("≤ 5%", ("<=", 5, None)),
                                        ("60 - 90", ("between", 60, 90)), ("$40,000", (None, 40000, None))])
def test_goals_carry_their_rule(text, goal):
    assert values.goal(text) == goal


def test_responsibilities_split_by_line_semicolon_or_bar_without_bullets():
    assert split_list("• Vision\n- Culture; 3) Capital | Hiring") == ["Vision", "Culture", "Capital", "Hiring"]
