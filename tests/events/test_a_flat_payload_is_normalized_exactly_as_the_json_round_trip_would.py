"""`record` normalizes every payload to what a JSON round trip gives back (stored and hashed alike).
A flat payload of strings, integers, booleans and nulls takes a shortcut: its keys sorted. These
tests hold the shortcut to the round trip's answer, value for value and byte for byte."""
from __future__ import annotations

import json
import random
import string

from otp.events.service import _default, _jsonable


def _round_trip(value):
    return json.loads(json.dumps(value, default=_default, sort_keys=True))


def test_a_flat_payload_comes_back_as_the_json_round_trip_gives_it_key_order_included():
    rng = random.Random(19)
    scalars = [None, True, False, 0, 1, -(2 ** 70), 2 ** 64 + 3]
    for _ in range(5000):
        payload = {}
        for _ in range(rng.randrange(0, 9)):
            key = "".join(rng.choice("zaé☃_9") for _ in range(rng.randrange(1, 4)))
            payload[key] = rng.choice(scalars + ["".join(rng.choice(string.printable + "é☃\u2028")
                                                         for _ in range(rng.randrange(0, 6)))])
        expected = _round_trip(payload)
        got = _jsonable(payload)
        assert list(got) == list(expected)
        assert json.dumps(got) == json.dumps(expected)  # True stays true, 1 stays 1


def test_payloads_the_shortcut_does_not_cover_still_take_the_round_trip():
    class Label(str):
        pass

    from datetime import datetime, timezone
    payload = {"b": 1.5, "a": Label("x"), "when": datetime(2026, 1, 2, tzinfo=timezone.utc), "ids": {"s2", "s1"},
               "nested": {"y": 1, "x": [1, 2]}}
    got = _jsonable(payload)
    assert got == _round_trip(payload)
    assert type(got["a"]) is str and got["ids"] == ["s1", "s2"] and list(got["nested"]) == ["x", "y"]
    assert _jsonable({1: "int key"}) == {"1": "int key"}
