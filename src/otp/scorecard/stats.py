"""On/off target, trend and forecast for one measurable's row of periods. Pure functions.

Trend and forecast share one least-squares line fitted to the non-null values of the window
(x = the period's index in the window, so a missing period leaves a gap rather than squeezing
the line). With fewer than two values there is no line: trend and forecast are None.

- forecast: the line's value at the next period.
- trend: "up" or "down" when the line moves by more than FLAT_SHARE (5%) of the mean magnitude
  of the values across the periods it spans, else "flat". (If every value is 0 the scale is 1, so
  a line that stays within 0.05 of zero is flat.) The trend says which way the number moves, not
  whether that is good: with `<=` targets, "down" is the good direction.
"""
from __future__ import annotations

EPSILON = 1e-9
FLAT_SHARE = 0.05


def on_target(value: float | None, comparator: str, target: float, target_max: float | None) -> bool | None:
    if value is None:
        return None
    if comparator == ">=":
        return value >= target
    if comparator == "<=":
        return value <= target
    if comparator == "==":
        return abs(value - target) <= EPSILON * max(1.0, abs(target))
    return target <= value <= (target_max if target_max is not None else target)


def line(values: list[float | None]) -> tuple[float, float, int, int, float] | None:
    """Least-squares (slope, intercept, first x, last x, mean |y|) over the non-null values.

    One pass of running sums: the scorecard fits 2,000 of these per view."""
    n = sx = sy = sxx = sxy = sabs = 0.0
    first = last = -1
    for x, y in enumerate(values):
        if y is None:
            continue
        if first < 0:
            first = x
        last = x
        n += 1
        sx += x
        sy += y
        sxx += x * x
        sxy += x * y
        sabs += abs(y)
    if n < 2:
        return None
    slope = (n * sxy - sx * sy) / (n * sxx - sx * sx)
    return slope, (sy - slope * sx) / n, first, last, sabs / n


def trend_and_forecast(values: list[float | None]) -> tuple[str | None, float | None]:
    fit = line(values)
    if fit is None:
        return None, None
    slope, intercept, first, last, mean_abs = fit
    forecast = intercept + slope * len(values)
    scale = mean_abs or 1.0
    change = slope * (last - first)
    if abs(change) <= FLAT_SHARE * scale:
        trend = "flat"
    else:
        trend = "up" if change > 0 else "down"
    return trend, round(forecast, 6)
