"""The demo's story of runs: Tally is run by OTP (the example agent that ships with OTP, through
the `command` adapter) and a press of "Run now" really runs it (at level 2 it asks a person before it completes the to-do due for its seat); Atlas starts itself and its
heartbeats are recorded as a run."""
from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from otp.auth.tokens import agent_actor
from otp.core import clock
from otp.governance.guards import heartbeat
from otp.governance.models import ApprovalRequest
from otp.org.models import Agent
from otp.runs import dispatch, external
from otp.runs.models import AgentRuntime, Run
from otp.runs.service import run_now
from otp.work.models import Todo
from otp.work.todos import create_todo
from tests.outbox.kit import serve
from tests.web.kit import web


def _agent(w, name: str) -> str:
    with w.db.read() as s:
        return s.execute(select(Agent.id).where(Agent.org_id == w.org_id, Agent.name == name)).scalar_one()


def test_run_now_runs_tally_which_asks_to_complete_its_due_todo_and_reports_its_cost(demo_db, monkeypatch):
    with web(demo_db) as k:
        _run_tally(k, monkeypatch)


def _run_tally(web, monkeypatch):
    tally = _agent(web, "Tally")
    with web.db.read() as s:
        runtime = s.get(AgentRuntime, tally)
    assert runtime.adapter == "command" and runtime.config["command"][1:3] == ["-m", "otp.runs.example_agent"]
    from otp.api.app import create_app
    from otp.core.config import Settings
    served = create_app(Settings(database_url=web.db.url, data_dir=None, secret_key="k"), web.db)
    seat = web.seat("Bookkeeper")
    due = clock.now() + timedelta(hours=1)
    todo_id = web.do(lambda s, a: create_todo(s, a, title="Chase the Acme invoice", owner_seat_id=seat,
                                              due_at=due).id)
    with serve(served) as (url, _server):
        monkeypatch.setenv("OTP_PUBLIC_URL", url)
        run_id = web.do(lambda s, a: run_now(s, a, tally)[0].id)
        dispatch.step(web.db, org_id=web.org_id)
        assert dispatch.wait(60)
    with web.db.read() as s:
        run = s.get(Run, run_id)
        assert (run.state, run.exit_code, run.cost_cents) == ("succeeded", 0, 2), run.output
        # Tally is at level 2: its run asks a person before completing the to-do, and says so
        assert s.get(Todo, todo_id).done_at is None
        asked = s.execute(select(ApprovalRequest).where(ApprovalRequest.requester_id == tally,
                                                        ApprovalRequest.state == "pending")).scalars().all()
    assert [a.payload.get("todo_id") for a in asked] == [todo_id]
    assert json.loads(run.output.strip().splitlines()[-1])["asked"] == ["Chase the Acme invoice"]


def test_atlas_heartbeats_are_recorded_as_its_run(demo_db):
    with web(demo_db) as k:
        _atlas_beats(k)


def _atlas_beats(web):
    atlas = _agent(web, "Atlas")
    clock.advance(timedelta(seconds=1))
    with web.db.write() as s:
        heartbeat(s, agent_actor(s, atlas), note="sent the weekly status notes")
    assert external.record_heartbeats(web.db, clock.now(), org_id=web.org_id) == 1
    with web.db.read() as s:
        [run] = s.execute(select(Run).where(Run.agent_id == atlas)).scalars().all()
    assert (run.adapter, run.state, run.reason) == ("external", "running", "heartbeat")
