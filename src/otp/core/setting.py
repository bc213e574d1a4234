"""One organization setting, declared once: its key, what it means, its default, its type and
bounds. Every domain declares its settings in `otp.<domain>.settings` (a `SETTINGS` list); the
API validates writes against the declarations and the web builds its settings form from them,
so a setting declared anywhere is checked and shown everywhere without touching a shared file.

A declaration checks typed values (JSON from the API) with `clean`, and turns the strings of an
HTML form into typed values with `from_form` — the form then goes through the same `clean`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable

from otp.core.errors import Invalid

KINDS = ("bool", "int", "number", "text", "choice", "group")


@dataclass(frozen=True)
class Setting:
    key: str
    label: str
    help: str  # what it means, in one or two sentences a person reads next to the field
    default: Any
    kind: str = "int"  # bool | int | number | text | choice | group (a dict of `parts`)
    group: str = "General"  # the heading the web form shows it under
    low: float | None = None
    high: float | None = None
    positive: bool = False  # strictly above zero (an SLA of 0 hours would fire at once)
    unit: str = ""  # "hours", "%", ... shown after the input
    choices: tuple[tuple[Any, str], ...] = ()  # (value, label) for kind=choice
    parts: tuple["Setting", ...] = ()  # for kind=group: one declaration per key of the dict
    check: Callable[[str, Any], Any] | None = None  # a rule of its own, replacing the type check
    column: bool = False  # an Organization column (name, timezone) instead of a key of `settings`
    extra: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"setting {self.key!r}: kind must be one of {KINDS}")

    # ---------------------------------------------------------------- typed values (API)
    def clean(self, name: str, value: Any) -> Any:
        """The clean value, or Invalid naming `name`. None is handled by the caller (default)."""
        if self.check is not None:
            return self.check(name, value)
        if self.kind == "group":
            return self._clean_group(name, value)
        if self.kind == "bool":
            if not isinstance(value, bool):
                raise Invalid(f"{self.label} must be true or false", field=name)
            return value
        if self.kind == "choice":
            allowed = [v for v, _ in self.choices]
            if value not in allowed or isinstance(value, bool):
                raise Invalid(f"{self.label} must be one of {', '.join(map(str, allowed))}", field=name)
            return value
        if self.kind == "text":
            if not isinstance(value, str) or "\x00" in value or len(value.strip()) > int(self.high or 200):
                raise Invalid(f"{self.label} must be text of at most {int(self.high or 200)} characters", field=name)
            return value.strip()
        return self._clean_number(name, value)

    def _clean_number(self, name: str, value: Any) -> Any:
        whole = self.kind == "int"
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
                or (whole and not float(value).is_integer()):
            raise Invalid(f"{self.label} must be a {'whole ' if whole else ''}number", field=name)
        if self.positive and value <= 0:
            raise Invalid(f"{self.label} must be above 0", field=name)
        if (self.low is not None and value < self.low) or (self.high is not None and value > self.high):
            raise Invalid(f"{self.label} must be between {_show(self.low)} and {_show(self.high)}", field=name)
        return int(value) if whole else value

    def _clean_group(self, name: str, value: Any) -> dict:
        if not isinstance(value, dict):
            raise Invalid(f"{self.label} must be an object with keys {', '.join(p.key for p in self.parts)}",
                          field=name)
        parts = {p.key: p for p in self.parts}
        out = {}
        for key, item in value.items():
            part = parts.get(key)
            if part is None:
                raise Invalid(f"{self.label} has no {key!r}; use {', '.join(parts)}", field=f"{name}.{key}")
            if item is not None:
                out[key] = part.clean(f"{name}.{key}", item)
        return out

    # ---------------------------------------------------------------- form strings (web)
    def from_form(self, name: str, text: str | None) -> Any:
        """A form's string as a typed value; blank means "use the default" (None)."""
        text = (text or "").strip()
        if text == "":
            return None
        if self.kind == "bool":
            if text not in ("true", "false"):
                raise Invalid(f"{self.label} must be yes or no", field=name)
            return text == "true"
        if self.kind == "choice":
            for value, _label in self.choices:
                if str(value) == text:
                    return value
            return text  # clean() names the allowed values
        if self.kind in ("int", "number"):
            try:
                number = float(text.replace(",", ""))
            except ValueError:
                raise Invalid(f"{self.label} must be a number", field=name) from None
            return int(number) if number.is_integer() and math.isfinite(number) else number
        return text


def _show(bound: float | None) -> str:
    if bound is None:
        return "any"
    return str(int(bound)) if float(bound).is_integer() else str(bound)
