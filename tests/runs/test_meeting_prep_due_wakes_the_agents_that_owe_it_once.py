"""A meeting's prep coming due (48 hours ahead) wakes each agent OTP runs that holds an attendee
seat and has not prepared: once per meeting, however often the worker scans."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from otp.core import clock
from otp.runs import dispatch, prep_wakes
from otp.runs.models import Run
from tests.meetings.kit import room
from tests.runs.kit import PY, QUICK


def _scan(r) -> int:
    return prep_wakes.scan(r.org.db, clock.now(), org_id=r.org.org_id)


def _runs(r) -> list[Run]:
    with r.org.db.read() as s:
        return list(s.execute(select(Run).where(Run.agent_id == r.robo["id"])).scalars())


def _run_robo(r) -> None:
    r.org.ok("PUT", f"/api/v1/agents/{r.robo['id']}/runtime", {"adapter": "command", "command": [PY, "-c", QUICK]})


def test_prep_coming_due_wakes_the_agent_once_and_its_run_happens(org):
    r = room(org)
    _run_robo(r)
    assert _scan(r) == 0 and _runs(r) == []  # a week ahead: no prep asked yet
    clock.advance(timedelta(days=6))
    assert _scan(r) == 1
    assert _scan(r) == 0  # the same meeting never wakes it twice
    [run] = _runs(r)
    assert (run.state, run.reason) == ("queued", "meeting_prep")
    assert run.wakes[0]["meeting_id"] == r.meeting_id and run.wakes[0]["seat_id"] == r.bot["id"]
    dispatch.step(r.org.db, org_id=r.org.org_id)
    assert dispatch.wait(30)
    [run] = _runs(r)
    assert run.state == "succeeded"


def test_an_agent_that_has_prepared_is_not_woken(org):
    r = room(org)
    _run_robo(r)
    clock.advance(timedelta(days=6))
    r.org.ok("POST", r.path("/prep"), {"headlines": [{"kind": "employee", "text": "New hire starts"}]},
             token=r.robo_token)
    assert _scan(r) == 0 and _runs(r) == []


def test_an_agent_otp_does_not_run_is_not_woken(org):
    r = room(org)  # no runtime: the agent starts itself and reads the request in its briefing
    clock.advance(timedelta(days=6))
    assert _scan(r) == 0 and _runs(r) == []
