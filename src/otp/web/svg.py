"""Inline SVG trend lines, drawn on the server: no JavaScript, no chart library, readable by a
screen reader through its <title>."""
from __future__ import annotations

from functools import lru_cache

from markupsafe import Markup, escape

WIDTH, HEIGHT, PAD = 104, 26, 3


@lru_cache(maxsize=32)
def _xs(n: int) -> tuple[str, ...]:
    """The x coordinates of n points across the frame, as text (the same for every row)."""
    step = (WIDTH - 2 * PAD) / max(n - 1, 1)
    return tuple(str(round(PAD + i * step, 1)) for i in range(n))


def sparkline(values: list[float | None], target: float | None = None, label: str = "") -> Markup:
    """A polyline through the known values (gaps stay gaps), a dashed target line, and a dot on
    the latest value. Empty series draw an empty frame so rows keep their height."""
    known = [v for v in values if v is not None]
    label_text = escape(label)
    title = f"<title>{label_text}</title>" if label else ""
    if not known:
        return Markup(f'<svg class="spark" width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="no data">'
                      f'{title}</svg>')
    low, high = min(known), max(known)
    if target is not None:
        low, high = min(low, target), max(high, target)
    span = (high - low) or 1.0
    inner, base = HEIGHT - 2 * PAD, HEIGHT - PAD

    def y(v: float) -> float:
        return round(base - (v - low) / span * inner, 1)

    xs = _xs(len(values))
    parts = [f'<svg class="spark" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img"'
             f' aria-label="{label_text or "trend"}">{title}']
    if target is not None:
        ty = y(target)
        parts.append(f'<line class="target" x1="0" x2="{WIDTH}" y1="{ty}" y2="{ty}"/>')
    segment: list[str] = []
    last = 0
    for i, v in enumerate(values + [None]):
        if v is not None:
            segment.append(f"{xs[i]},{y(v)}")
            last = i
        elif segment:
            if len(segment) == 1:
                x, yy = segment[0].split(",")
                parts.append(f'<circle cx="{x}" cy="{yy}" r="1.5"/>')
            else:
                parts.append(f'<polyline points="{" ".join(segment)}"/>')
            segment = []
    parts.append(f'<circle class="last" cx="{xs[last]}" cy="{y(values[last])}" r="2.5"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


BAR_W, BAR_H = 160, 10


def budget_bar(spent: int, budget: int | None, status: str = "ok", label: str = "") -> Markup:
    """Spend against a budget as a filled bar (ok / warning / breached colour it); the warning
    share is drawn as a tick. No budget: an empty frame that says so to a screen reader."""
    label_text = escape(label or (f"{spent} of {budget} cents" if budget else "no budget"))
    fill = 0.0 if not budget else min(1.0, spent / budget)
    width = round(BAR_W * fill, 1)
    return Markup(f'<svg class="budget-bar {escape(status)}" width="{BAR_W}" height="{BAR_H}" '
                  f'viewBox="0 0 {BAR_W} {BAR_H}" role="img" aria-label="{label_text}"><title>{label_text}</title>'
                  f'<rect class="track" x="0" y="0" width="{BAR_W}" height="{BAR_H}" rx="5"/>'
                  + (f'<rect class="fill" x="0" y="0" width="{width}" height="{BAR_H}" rx="5"/>' if width else "")
                  + "</svg>")


CHART_W, CHART_H, CHART_PAD = 560, 120, 18


def day_bars(days: list[dict], label: str, budget_per_day: float | None = None) -> Markup:
    """Daily amounts ({"day": date, "cents": int}) as columns, scaled to the largest (or to an
    even share of the budget, dashed, when that is larger), with the first, middle and last day
    named under the axis. Each column carries a <title> with its day and amount."""
    label_text = escape(label)
    n = max(len(days), 1)
    high = max([d["cents"] for d in days] + [budget_per_day or 0, 1])
    inner_h = CHART_H - CHART_PAD - 4
    step = CHART_W / n
    gap = 2 if step > 6 else 1
    parts = [f'<svg class="day-bars" viewBox="0 0 {CHART_W} {CHART_H}" preserveAspectRatio="none" role="img" '
             f'aria-label="{label_text}"><title>{label_text}</title>',
             f'<line class="axis" x1="0" x2="{CHART_W}" y1="{inner_h + 4}" y2="{inner_h + 4}"/>']
    if budget_per_day:
        y = round(inner_h + 4 - budget_per_day / high * inner_h, 1)
        parts.append(f'<line class="target" x1="0" x2="{CHART_W}" y1="{y}" y2="{y}"/>')
    for i, d in enumerate(days):
        h = round(d["cents"] / high * inner_h, 1)
        x = round(i * step + gap / 2, 1)
        tip = escape(f'{d["day"].strftime("%a %d %b")}: {d["cents"] / 100:,.2f}')
        parts.append(f'<rect x="{x}" y="{round(inner_h + 4 - h, 1)}" width="{round(step - gap, 1)}" '
                     f'height="{max(h, 0)}"><title>{tip}</title></rect>')
    for i in sorted({0, n // 2, n - 1}):
        if i < len(days):
            anchor = "start" if i == 0 else "end" if i == n - 1 else "middle"
            x = round(i * step + (0 if i == 0 else step if i == n - 1 else step / 2), 1)
            parts.append(f'<text x="{x}" y="{CHART_H - 2}" text-anchor="{anchor}">'
                         f'{escape(days[i]["day"].strftime("%d %b"))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
