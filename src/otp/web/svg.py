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
