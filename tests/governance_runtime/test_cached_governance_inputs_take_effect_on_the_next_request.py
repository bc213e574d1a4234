"""The gate keeps each actor's governance view (level, status, role, seats, ancestors), seat
ancestry, the compiled policy and known seats per process, valid within the organization's
governance epoch (otp.events.epoch). Every input a decision reads takes effect on the very next
request — whether this process changed it or another process on the same database did — while
ordinary work (a to-do is an event too) leaves the caches warm."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading

import pytest

from otp.events.epoch import epoch
from otp.governance.authz import evaluate
from tests.governance_runtime.kit import as_agent, chart

# A second process on the same database: reads one service call per line, runs it as the
# organization's owner in a transaction of its own, answers "ok" (or the error) on one line.
CHILD = textwrap.dedent("""
    import importlib, json, sys
    from otp.auth.tokens import person_actor
    from otp.core.db import Database
    db = Database(sys.argv[1])
    for line in sys.stdin:
        call = json.loads(line)
        module, name = call["fn"].split(":")
        try:
            with db.write() as s:
                owner = person_actor(s, call["owner"], call["org"])
                getattr(importlib.import_module(module), name)(s, owner, **call["kwargs"])
            print("ok", flush=True)
        except Exception as exc:
            print(f"error {type(exc).__name__}: {exc}", flush=True)
""")


class OtherProcess:
    def __init__(self, url: str, org):
        self.org = org
        self.proc = subprocess.Popen([sys.executable, "-c", CHILD, url], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)

    def __call__(self, fn: str, **kwargs) -> None:
        line = json.dumps({"fn": fn, "owner": self.org.owner_id, "org": self.org.org_id, "kwargs": kwargs})
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline().strip()
        assert answer == "ok", answer

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


@pytest.fixture
def other(org, database_url):
    process = OtherProcess(database_url, org)
    yield process
    process.close()


def _todo(org, c, token=None):
    return org.post("/api/v1/todos", {"title": "Next step", "owner_seat_id": c.worker["id"]},
                    token=token or c.agent_token).status_code


def test_a_level_change_in_another_process_decides_the_next_request(org, other):
    c = chart(org, level=3)
    assert _todo(org, c) == _todo(org, c) == 201  # the second one is served from the warm cache
    other("otp.governance.autonomy:change_level", agent_id=c.agent["id"], to_level=1, why="demoted elsewhere")
    assert _todo(org, c) == 202
    other("otp.governance.autonomy:change_level", agent_id=c.agent["id"], to_level=3, why="back",
          override=True, reason="the test says so")
    assert _todo(org, c) == 201


def test_pausing_and_retiring_in_another_process_stop_the_next_request(org, other):
    c = chart(org, level=3)
    assert _todo(org, c) == 201
    other("otp.governance.guards:set_status", agent_id=c.agent["id"], status="paused", reason="elsewhere")
    assert _todo(org, c) == 403
    other("otp.governance.guards:set_status", agent_id=c.agent["id"], status="active", reason="fine")
    assert _todo(org, c) == 201
    other("otp.org.agents:retire_agent", agent_id=c.agent["id"], reason="done")
    assert _todo(org, c) == 401


def test_a_holder_change_in_another_process_decides_the_next_request(org, other):
    c = chart(org, level=3)
    assert _todo(org, c) == 201
    other("otp.org.chart:vacate", seat_id=c.worker["id"])
    assert _todo(org, c) == 202  # not its own seat any more: the level's scope drops to ask
    other("otp.org.chart:assign_occupant", seat_id=c.worker["id"], kind="agent", occupant_id=c.agent["id"])
    assert _todo(org, c) == 201


def test_a_seat_move_in_another_process_changes_the_next_decision_on_reach(org, other):
    c = chart(org, level=7)
    helper = org.seat("Helper", parent=c.lead["id"])
    agent = as_agent(org.db, c.agent["id"])

    def assign_to_helper() -> str:
        with org.db.read() as s:
            return evaluate(s, agent, "todo.assign", {"type": "todo", "owner_seat_id": helper["id"]}).effect

    assert assign_to_helper() == assign_to_helper() == "ask"  # outside the agent's subtree
    other("otp.org.chart:move_seat", seat_id=helper["id"], parent_id=c.worker["id"])
    assert assign_to_helper() == "allow"
    other("otp.org.chart:move_seat", seat_id=helper["id"], parent_id=c.lead["id"])
    assert assign_to_helper() == "ask"


def test_a_policy_edit_in_another_process_decides_the_next_request(org, other):
    c = chart(org, level=3)
    assert _todo(org, c) == 201
    other("otp.governance.policy_edit:set_cell", level=3, action="todo.create", effect="ask")
    assert _todo(org, c) == 202
    other("otp.governance.policy_edit:set_cell", level=3, action="todo.create", effect="allow")
    assert _todo(org, c) == 201


def test_a_token_revoked_in_another_process_is_refused_on_the_next_request(org, other):
    c = chart(org, level=3)
    assert _todo(org, c) == 201
    token_id = org.ok("GET", "/api/v1/tokens")
    token_id = next(t["id"] for t in _listed(token_id) if t.get("agent_id") == c.agent["id"])
    other("otp.governance.tokens:revoke_token", token_id=token_id)
    assert _todo(org, c) == 401


def test_a_role_change_in_this_process_decides_the_next_request(org):
    c = chart(org, level=3)
    member_token = org.token_for(person=c.member)
    assert _todo(org, c, member_token) == 201
    org.ok("PATCH", f"/api/v1/people/{c.member['id']}", {"role": "observer"})
    assert _todo(org, c, member_token) == 403
    org.ok("PATCH", f"/api/v1/people/{c.member['id']}", {"role": "member"})
    assert _todo(org, c, member_token) == 201


def test_work_events_leave_the_epoch_and_chart_events_move_it(org):
    c = chart(org, level=3)

    def now() -> int:
        with org.db.read() as s:
            return epoch(s, org.org_id)

    before = now()
    assert _todo(org, c) == 201
    assert now() == before
    org.seat("Another", parent=c.lead["id"])
    assert now() != before


def test_a_transaction_that_wrote_neither_reads_nor_fills_the_cache(org):
    """A change that rolls back must not be remembered: after a write, decisions read fresh."""
    from otp.governance.autonomy import change_level
    from tests.governance_runtime.kit import as_person
    c = chart(org, level=3)
    owner = as_person(org.db, org.owner_id, org.org_id)
    agent = as_agent(org.db, c.agent["id"])
    resource = {"type": "todo", "owner_seat_id": c.worker["id"]}
    with pytest.raises(RuntimeError), org.db.write() as s:
        assert evaluate(s, agent, "todo.create", resource).effect == "allow"
        change_level(s, owner, agent_id=c.agent["id"], to_level=1, why="rolled back")
        assert epoch(s, org.org_id) is None
        assert evaluate(s, agent, "todo.create", resource).effect == "ask"  # its own write, read fresh
        raise RuntimeError("roll back")
    with org.db.read() as s:
        assert evaluate(s, agent, "todo.create", resource).effect == "allow"


def _listed(body):
    return body["tokens"] if isinstance(body, dict) and "tokens" in body else body


def test_a_warm_decision_reads_nothing_but_the_epoch(org):
    """What makes the write path lean: the actor, its seats, their ancestry and the policy come
    from the cache; the only statement is the epoch's (run on the cursor, past engine events)."""
    from sqlalchemy import event
    c = chart(org, level=3)
    agent = as_agent(org.db, c.agent["id"])
    resource = {"type": "todo", "owner_seat_id": c.worker["id"]}
    seen: list[str] = []
    me = threading.get_ident()

    def count(_conn, _cursor, statement, *_):
        if threading.get_ident() == me:  # not the app's worker tick, which writes from its own thread
            seen.append(statement)

    with org.db.read() as s:
        assert evaluate(s, agent, "todo.create", resource).effect == "allow"
    event.listen(org.db.engine, "before_cursor_execute", count)
    try:
        with org.db.read() as s:
            assert evaluate(s, agent, "todo.create", resource).effect == "allow"
    finally:
        event.remove(org.db.engine, "before_cursor_execute", count)
    assert [q for q in seen if not q.startswith("BEGIN")] == []
