"""The chain head keeps the seq of its last event that may change what the gate reads
(`governance_seq`); the governance caches' epoch (otp.events.epoch) is read from it. Work events
leave it; every other action moves it, one nobody has classified yet included; so does the
audit.key_rotated event a new key writes first."""
from __future__ import annotations

from otp.auth.actor import system_actor
from otp.events.epoch import epoch, moves_governance
from otp.events.models import EventChain
from otp.events.service import record


def _head(org) -> tuple[int, int]:
    with org.db.read() as s:
        head = s.get(EventChain, org.org_id)
        return head.seq, head.governance_seq


def _record(org, action: str) -> int:
    with org.db.write() as s:
        return record(s, system_actor(org.org_id), action, "thing", "thing_1", {"n": 1}).seq


def _epoch(org) -> int:
    with org.db.read() as s:
        return epoch(s, org.org_id)


def test_work_events_leave_the_governance_seq_and_others_move_it(org):
    first = _record(org, "seat.created")
    assert _head(org) == (first, first)
    work = [_record(org, a) for a in ("todo.created", "issue.raised", "run.progress", "governance.denied")]
    assert _head(org) == (work[-1], first)
    unknown = _record(org, "something.new_tomorrow")
    assert _head(org) == (unknown, unknown)
    _record(org, "headline.posted")
    assert _head(org)[1] == unknown


def test_the_epoch_stays_across_work_and_moves_on_any_other_event(org):
    before = _epoch(org)
    _record(org, "todo.created")
    _record(org, "measurable.reported")
    assert _epoch(org) == before
    _record(org, "run.progressed")  # not "run.progress": only that exact action is work
    moved = _epoch(org)
    assert moved != before
    _record(org, "outcome.updated")
    assert _epoch(org) == moved


def test_a_key_rotation_moves_the_governance_seq_and_the_work_after_it_does_not(isolated_db):
    from tests.events.test_the_audit_chain_is_keyed_and_anchored import ORG, seeded

    def write(key: str) -> tuple[int, int]:
        db = seeded(isolated_db.url, key=key, events=0)  # the organization and its chain, once
        try:
            with db.write() as s:
                record(s, system_actor(ORG), "todo.created", "todo", "todo_1", {"n": 1})
            with db.read() as s:
                head = s.get(EventChain, ORG)
                return head.seq, head.governance_seq
        finally:
            db.dispose()

    assert write("first-key") == (1, 0)
    assert write("first-key") == (2, 0)
    assert write("second-key") == (4, 3)  # seq 3: audit.key_rotated; seq 4: the to-do


def test_the_classification_matches_prefixes_and_exact_actions():
    assert not moves_governance("todo.created") and not moves_governance("meeting.started")
    assert not moves_governance("external.authorized") and not moves_governance("sop.published")
    assert moves_governance("external.authorized_twice") and moves_governance("todos.created")
    assert moves_governance("agent.level_changed") and moves_governance("policy.changed")
