"""Reading the values exports write: numbers with currency, percent and thousands separators,
goals with an operator in front, yes/no, statuses."""
from __future__ import annotations

import re

_NUMBER = re.compile(r"^\(?-?\d+(?:\.\d+)?\)?$")
_EMPTY = {"", "-", "–", "—", "n/a", "na", "null", "none"}


def number(text: str) -> float | None:
    """12 · 12.5 · $1,200 · 95% · (300) · 1.2k → a float; '' and dashes → None. Raises ValueError."""
    raw = text.strip().lower()
    if raw in _EMPTY:
        return None
    t = raw.replace(",", "").replace("$", "").replace("€", "").replace("£", "").replace("%", "").replace(" ", "")
    scale = 1.0
    if t.endswith("k"):
        t, scale = t[:-1], 1_000.0
    elif t.endswith("m"):
        t, scale = t[:-1], 1_000_000.0
    if not _NUMBER.match(t):
        raise ValueError(f"{text!r} is not a number")
    negative = t.startswith("(") and t.endswith(")")
    value = float(t.strip("()")) * scale
    return -value if negative else value


def unit_of(text: str) -> str:
    if "$" in text:
        return "$"
    if "€" in text:
        return "€"
    if "£" in text:
        return "£"
    if "%" in text:
        return "%"
    return ""


_WORDS = {">=": ">=", "≥": ">=", ">": ">=", "=>": ">=", "<=": "<=", "≤": "<=", "<": "<=", "=<": "<=",
          "=": "==", "==": "==", "between": "between"}


def comparator(text: str) -> str | None:
    """'>=', '≥', 'at least', 'greater than or equal', 'Above' ... → one of >=, <=, ==, between."""
    t = text.strip().lower()
    if not t:
        return None
    if t in _WORDS:
        return _WORDS[t]
    if any(w in t for w in ("between", "range", "within")):
        return "between"
    if any(w in t for w in ("greater", "above", "at least", "min", "more", "higher", "up")):
        return ">="
    if any(w in t for w in ("less", "below", "at most", "max", "fewer", "lower", "down")):
        return "<="
    if "equal" in t or "exact" in t:
        return "=="
    raise ValueError(f"{text!r} is not a goal rule (>=, <=, ==, between)")


def goal(text: str) -> tuple[str | None, float, float | None]:
    """'>= 10' · '≤ 5%' · '10 - 20' · '$5,000' → (comparator or None, target, target_max)."""
    t = text.strip()
    m = re.match(r"^(>=|<=|=>|=<|==|≥|≤|>|<|=)\s*(.+)$", t)
    if m:
        value = number(m.group(2))
        if value is None:
            raise ValueError(f"{text!r} has no number")
        return _WORDS[m.group(1)], value, None
    parts = re.split(r"\s+(?:-|–|to)\s+|(?<=\d)-(?=\d)", t)
    if len(parts) == 2:
        low, high = number(parts[0]), number(parts[1])
        if low is None or high is None:
            raise ValueError(f"{text!r} is not a range")
        return "between", low, high
    value = number(t)
    if value is None:
        raise ValueError("the goal is empty")
    return None, value, None


_YES = {"yes", "y", "true", "1", "done", "complete", "completed", "closed", "x", "✓", "✔"}


def done(text: str) -> bool:
    return text.strip().lower() in _YES


def status_key(text: str) -> str:
    return re.sub(r"[^a-z]+", "_", text.strip().lower()).strip("_")
