"""Schema text that must be visible refuses exactly the strings the services strip to nothing, so
a schema-valid value is never refused as empty (and the JSON Schema says so to every client)."""
import re
import sys

from pydantic import TypeAdapter, ValidationError

from otp.org.schemas import SOME_TEXT, Id

BLANKS = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]


def test_every_character_python_strips_is_blank_to_the_pattern_and_nothing_else():
    pattern = re.compile(SOME_TEXT)
    assert [c for c in BLANKS if pattern.match(c)] == []
    assert all(pattern.match(c) for c in ("a", "\ufeff", "\u200b", " x\u3000"))


def test_a_blank_id_is_refused_by_the_schema():
    adapter = TypeAdapter(Id)
    for blank in ("\x0b", "\x1c", " \x85 "):
        try:
            adapter.validate_python(blank)
            raise AssertionError(f"{blank!r} accepted")
        except ValidationError:
            pass
    assert adapter.validate_python("seat_1") == "seat_1"
