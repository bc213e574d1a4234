"""Two people pressing "next segment" at the same moment move the meeting one segment."""
from __future__ import annotations

from tests.meetings.kit import room
from tests.work.kit import in_threads


def test_a_double_advance_advances_once(org):
    r = room(org)
    r.do("start")
    answers = in_threads(4, lambda _: r.org.post(r.path("/advance"), {"from_segment": 0}).status_code)
    assert answers == [200] * 4
    assert r.get()["current_segment"] == 1
    assert len(r.org.events("meeting.advanced")) == 1


def test_a_stale_press_after_the_move_changes_nothing(org):
    r = room(org)
    r.do("start")
    r.do("advance", {"from_segment": 0})
    before = r.org.event_count()
    assert r.do("advance", {"from_segment": 0})["current_segment"] == 1
    assert r.org.event_count() == before


def test_the_last_segment_ends_rather_than_advances(org):
    r = room(org, agenda=[{"kind": "segue", "minutes": 5}, {"kind": "conclude", "minutes": 5}])
    r.do("start")
    r.do("advance", {"from_segment": 0})
    response = r.org.post(r.path("/advance"), {"from_segment": 1})
    assert response.status_code == 409 and response.json()["error"]["field"] == "from_segment"
