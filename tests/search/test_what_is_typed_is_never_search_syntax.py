"""Whatever is typed is words, never full-text syntax: quotes, NEAR, *, -, AND/OR/NOT, column
filters and parentheses neither fail nor change what matches; any script and diacritics work."""
import re

import pytest

from tests.search.kit import titles

TYPED = ['"acq', 'acq "stall', 'acq"', '"', 'acq*', '*', '-acq', 'NEAR(acq stall)', 'acq NEAR stall', '(acq', 'acq)', '()',
         'title:acq', 'acq AND', 'OR acq', 'NOT', "acq'", "'", '\\', 'acq & stall', 'acq | x', '!acq', 'acq:*',
         '^acq', '{title}: acq', 'a' * 200]


@pytest.mark.parametrize("typed", TYPED)
def test_syntax_characters_are_only_separators(org, typed):
    root = org.root()
    org.ok("POST", "/api/v1/issues", {"title": "Acquisition stalled", "owner_seat_id": root["id"]}, status=201)
    words = re.findall(r"\w+", typed.lower())
    # Found exactly when there are words and each starts a word of the title: the operators are words too.
    expected = bool(words) and all(any(t.startswith(w) for t in ("acquisition", "stalled")) for w in words)
    assert titles(org, typed) == (["Acquisition stalled"] if expected else [])


def test_near_and_not_are_plain_words(org):
    root = org.root()
    for title in ("Near miss in the warehouse", "Not our supplier"):
        org.ok("POST", "/api/v1/issues", {"title": title, "owner_seat_id": root["id"]}, status=201)
    assert titles(org, "NEAR") == ["Near miss in the warehouse"]
    assert titles(org, "not") == ["Not our supplier"]


def test_every_word_must_match_in_any_order(org):
    root = org.root()
    for title in ("Renew the Müller contract", "Renew the lease"):
        org.ok("POST", "/api/v1/issues", {"title": title, "owner_seat_id": root["id"]}, status=201)
    assert titles(org, "contract renew") == ["Renew the Müller contract"]
    assert sorted(titles(org, "ren")) == ["Renew the Müller contract", "Renew the lease"]


def test_unicode_words_are_found_in_their_own_script(org):
    root = org.root()
    for title in ("Réunion à Zürich", "Отчёт по продажам", "東京オフィス"):
        org.ok("POST", "/api/v1/issues", {"title": title, "owner_seat_id": root["id"]}, status=201)
    assert titles(org, "Zürich") == ["Réunion à Zürich"]
    assert titles(org, "отчё") == ["Отчёт по продажам"]
    assert titles(org, "東京オフィス") == ["東京オフィス"]


def test_the_name_of_a_kind_or_of_the_organization_is_not_a_match(org):
    root = org.root()
    org.ok("POST", "/api/v1/issues", {"title": "Printer jammed", "owner_seat_id": root["id"]}, status=201)
    assert titles(org, "issue") == [] and titles(org, "seat") == []
    assert titles(org, org.org_id) == [] and titles(org, "org") == []
