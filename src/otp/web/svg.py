"""Inline SVG trend lines, drawn on the server: no JavaScript, no chart library, readable by a
screen reader through its <title>."""
from __future__ import annotations

from markupsafe import Markup, escape

WIDTH, HEIGHT, PAD = 104, 26, 3


def sparkline(values: list[float | None], target: float | None = None, label: str = "") -> Markup:
    """A polyline through the known values (gaps stay gaps), a dashed target line, and a dot on
    the latest value. Empty series draw an empty frame so rows keep their height."""
    known = [v for v in values if v is not None]
    title = f"<title>{escape(label)}</title>" if label else ""
    if not known:
        return Markup(f'<svg class="spark" width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="no data">'
                      f'{title}</svg>')
    scale = known + ([target] if target is not None else [])
    low, high = min(scale), max(scale)
    span = (high - low) or 1.0
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)

    def y(v: float) -> float:
        return round(HEIGHT - PAD - (v - low) / span * (HEIGHT - 2 * PAD), 1)

    segments, current = [], []
    for i, v in enumerate(values):
        if v is None:
            if current:
                segments.append(current)
            current = []
            continue
        current.append(f"{round(PAD + i * step, 1)},{y(v)}")
    if current:
        segments.append(current)
    parts = [f'<svg class="spark" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img"'
             f' aria-label="{escape(label) or "trend"}">{title}']
    if target is not None:
        parts.append(f'<line class="target" x1="0" x2="{WIDTH}" y1="{y(target)}" y2="{y(target)}"/>')
    for seg in segments:
        if len(seg) == 1:
            x, yy = seg[0].split(",")
            parts.append(f'<circle cx="{x}" cy="{yy}" r="1.5"/>')
        else:
            parts.append(f'<polyline points="{" ".join(seg)}"/>')
    last = max(i for i, v in enumerate(values) if v is not None)
    parts.append(f'<circle class="last" cx="{round(PAD + last * step, 1)}" cy="{y(values[last])}" r="2.5"/>')
    parts.append("</svg>")
    return Markup("".join(parts))
