"""Small input checks shared by services. Each raises Invalid naming the field."""
from __future__ import annotations

import re
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from otp.core.errors import Invalid

SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def text(field: str, value: Any, *, max_len: int = 200, required: bool = True) -> str:
    if value is None:
        if required:
            raise Invalid(f"{field} is required", field=field)
        return ""
    if not isinstance(value, str):
        raise Invalid(f"{field} must be a string", field=field)
    if "\x00" in value:
        raise Invalid(f"{field} must not contain NUL characters", field=field)
    value = value.strip()
    if required and not value:
        raise Invalid(f"{field} must not be empty", field=field)
    if len(value) > max_len:
        raise Invalid(f"{field} is longer than {max_len} characters", field=field)
    return value


def choice(field: str, value: Any, options: tuple[str, ...] | list[str]) -> str:
    if value not in options:
        raise Invalid(f"{field} must be one of: {', '.join(options)} (got {value!r})", field=field)
    return value


def integer(field: str, value: Any, *, low: int | None = None, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(f"{field} must be an integer", field=field)
    if low is not None and value < low or high is not None and value > high:
        raise Invalid(f"{field} must be between {low} and {high}", field=field)
    return value


def slug(field: str, value: Any) -> str:
    value = text(field, value, max_len=64)
    if not SLUG_RE.match(value):
        raise Invalid(f"{field} must be lower-case letters, digits and dashes", field=field)
    return value


def email(field: str, value: Any) -> str:
    value = text(field, value, max_len=254).lower()
    if not EMAIL_RE.match(value):
        raise Invalid(f"{field} is not an email address", field=field)
    return value


def timezone_name(field: str, value: Any) -> str:
    value = text(field, value, max_len=64)
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise Invalid(f"{field} is not a known IANA timezone (e.g. Europe/Berlin)", field=field) from None
    return value


def string_list(field: str, value: Any, *, min_items: int, max_items: int, max_len: int = 300) -> list[str]:
    if not isinstance(value, list):
        raise Invalid(f"{field} must be a list of strings", field=field)
    items = [text(f"{field}[{i}]", v, max_len=max_len) for i, v in enumerate(value)]
    if not min_items <= len(items) <= max_items:
        raise Invalid(f"{field} needs {min_items} to {max_items} items (got {len(items)})", field=field)
    return items
