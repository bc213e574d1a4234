"""`Actor.sole_seat` is derived from `seat_ids` (decide reads it on every call instead of unpacking
the set): the seat when there is exactly one, else None, kept true by `dataclasses.replace`, and
never part of an actor's equality or hash."""
from dataclasses import replace

from otp.governance import Actor


def test_one_seat_is_the_sole_seat_and_none_or_two_give_none():
    assert Actor.agent("a1", 3, seat_ids=("s1",)).sole_seat == "s1"
    assert Actor.person("p1", "member", seat_ids=["s2"]).sole_seat == "s2"
    assert Actor.agent("a1", 3).sole_seat is None
    assert Actor.agent("a1", 3, seat_ids=("s1", "s2")).sole_seat is None
    assert Actor("agent", "a1", level=3, seat_ids={"s9"}).sole_seat == "s9"


def test_replacing_the_seats_recomputes_the_sole_seat():
    one = Actor.agent("a1", 3, seat_ids=("s1",))
    assert replace(one, seat_ids=frozenset({"s1", "s2"})).sole_seat is None
    assert replace(one, seat_ids=frozenset({"s3"})).sole_seat == "s3"
    assert replace(Actor.agent("a1", 3), seat_ids=frozenset({"s4"})).sole_seat == "s4"


def test_the_sole_seat_is_not_compared_nor_shown():
    one = Actor.agent("a1", 3, seat_ids=("s1",))
    assert one == Actor.agent("a1", 3, seat_ids=("s1",)) and hash(one) == hash(Actor.agent("a1", 3, seat_ids=("s1",)))
    assert "sole_seat" not in repr(one)
