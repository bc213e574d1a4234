"""Small input checks shared by services. Each raises Invalid naming the field."""
from __future__ import annotations

import re
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from otp.core.errors import Invalid

SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# --- text that reads as it is --------------------------------------------------------------
# A single line (a title, a name, a URL) must show what it holds. These make it read otherwise:
# bidirectional embeddings, overrides and isolates (U+202A-202E, U+2066-2069: "Trojan source"),
# invisible characters (zero-width space, word joiner, invisible operators, Mongolian vowel
# separator) and the byte-order mark. Marks that only set direction (LRM, RLM, ALM) are kept:
# mixed Hebrew or Arabic and Latin text needs them and they reorder nothing around them.
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
INVISIBLE = "\u200b\u2060-\u2064\u180e\ufeff"
# Zero-width (non-)joiners are spelling inside two kinds of sequences, and refused elsewhere:
# an emoji ZWJ sequence (a person + skin tone + ZWJ + laptop), and a joining script's word
# (Persian and Urdu write ZWNJ inside words; Indic scripts use ZWJ/ZWNJ to pick a conjunct form).
JOINERS = "\u200c\u200d"
_EMOJI = ("\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u21aa\u231a-\u23ff\u24c2\u25aa-\u27bf"
          "\u2934\u2935\u2b05-\u2b55\u3030\u303d\u3297\u3299\U0001F000-\U0001FAFF")
_EMOJI_MOD = "\ufe0f\U0001F3FB-\U0001F3FF"  # variation selector 16, skin tones
_JOINING = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc\u0900-\u0dff"
SEQUENCE = (f"[{_EMOJI}][{_EMOJI_MOD}]*(?:\u200d[{_EMOJI}][{_EMOJI_MOD}]*)+"
             f"|[{_JOINING}](?:[{JOINERS}][{_JOINING}])+")
PLAIN = f"[^\x00{BIDI_CONTROLS}{INVISIBLE}{JOINERS}]"
#: One readable line (empty allowed): usable as a JSON Schema pattern (no look-around; Python
#: re, the Rust regex engine of pydantic and ECMA engines with the u flag all read it the same).
LINE_PATTERN = f"^(?:{PLAIN}|{SEQUENCE})*$"
_LINE_RE = re.compile(LINE_PATTERN)
SEQUENCE_RE = re.compile(SEQUENCE)
_SUSPECT_RE = re.compile(f"[{BIDI_CONTROLS}{INVISIBLE}{JOINERS}]")
_NAMES = {"\u202a": "LEFT-TO-RIGHT EMBEDDING", "\u202b": "RIGHT-TO-LEFT EMBEDDING",
          "\u202c": "POP DIRECTIONAL FORMATTING", "\u202d": "LEFT-TO-RIGHT OVERRIDE",
          "\u202e": "RIGHT-TO-LEFT OVERRIDE", "\u2066": "LEFT-TO-RIGHT ISOLATE", "\u2067": "RIGHT-TO-LEFT ISOLATE",
          "\u2068": "FIRST STRONG ISOLATE", "\u2069": "POP DIRECTIONAL ISOLATE", "\u200b": "ZERO WIDTH SPACE",
          "\u200c": "ZERO WIDTH NON-JOINER", "\u200d": "ZERO WIDTH JOINER", "\u2060": "WORD JOINER",
          "\u180e": "MONGOLIAN VOWEL SEPARATOR", "\ufeff": "BYTE ORDER MARK"}


def unreadable(value: str) -> str | None:
    """Why a single line does not read as it is (None: it does). Names the first character at fault."""
    if _LINE_RE.match(value):
        return None
    rest = SEQUENCE_RE.sub("", value)  # joiners inside emoji or joining-script sequences are fine
    found = _SUSPECT_RE.search(rest)
    char = found.group(0) if found else ""
    name = _NAMES.get(char, "an invisible formatting character")
    return (f"contains U+{ord(char):04X} {name}, which makes the text read differently from what it is"
            if char else "contains a character that makes the text read differently from what it is")


def line(field: str, value: str) -> str:
    """Refuse a single-line value that does not read as it is (see `unreadable`)."""
    why = unreadable(value)
    if why is not None:
        raise Invalid(f"{field} {why}; single-line fields refuse direction overrides, isolates, "
                      f"zero-width characters outside emoji and byte-order marks", field=field)
    return value


def text(field: str, value: Any, *, max_len: int = 200, required: bool = True,
         one_line: bool | None = None) -> str:
    """A stripped string of at most `max_len` characters. `one_line` (default: max_len <= 500,
    titles, names and short texts; longer fields are prose) also refuses what makes a line read
    differently from what it is (`line`); prose keeps every script and emoji."""
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
    if one_line if one_line is not None else max_len <= 500:
        line(field, value)
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
