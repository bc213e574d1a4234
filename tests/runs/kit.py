"""Helpers for the runs tests: a live OTP server the agent processes talk to, an agent in a seat
with a number to report and a to-do, its runtime configured over REST, and one-line verbs to
dispatch runs and read them back."""
from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from otp.core import clock
from otp.runs import dispatch
from otp.runs.models import AgentRuntime, Run
from tests.helpers import OrgKit
from tests.outbox.kit import serve

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "run_agent.py"
PY = sys.executable
ENV = {"PYTHONPATH": str(ROOT / "src")}


@pytest.fixture
def live(app, monkeypatch):
    """OTP served over real HTTP on a free port; agent processes reach it through OTP_URL."""
    with serve(app) as (url, _server):
        monkeypatch.setenv("OTP_PUBLIC_URL", url)
        yield url


@pytest.fixture(autouse=True)
def _short_grace(monkeypatch, tmp_path):
    monkeypatch.setenv("OTP_RUN_GRACE_SECONDS", "1")
    monkeypatch.setenv("OTP_DATA_DIR", str(tmp_path))
    yield
    dispatch.wait(30)


@dataclass
class Crew:
    org: OrgKit
    root: dict
    seat: dict
    agent: dict

    @property
    def agent_id(self) -> str:
        return self.agent["id"]

    def measurable(self, key: str = "calls") -> dict:
        body = {"title": key.capitalize(), "key": key, "owner_seat_id": self.seat["id"], "target": 10}
        return self.org.ok("POST", "/api/v1/measurables", body, status=201)

    def todo(self, title: str = "Call the bank") -> dict:
        """A to-do due within the hour: it is on the agent's briefing."""
        due = (clock.now() + timedelta(hours=1)).isoformat()
        return self.org.ok("POST", "/api/v1/todos", {"title": title, "owner_seat_id": self.seat["id"], "due_at": due},
                           status=201)

    def configure(self, command: list[str] | None = None, **kw) -> dict:
        body = {"adapter": "command", "command": command or [PY, str(EXAMPLE)], "env": ENV, **kw}
        return self.org.ok("PUT", f"/api/v1/agents/{self.agent_id}/runtime", body)

    def script(self, code: str, **kw) -> dict:
        """Configure a command that runs this Python code."""
        return self.configure([PY, "-c", code], **kw)

    def wake(self) -> dict:
        return self.org.ok("POST", f"/api/v1/agents/{self.agent_id}/wake", status=202)["run"]

    def step(self) -> int:
        """One dispatch step for this organization only; returns how many runs it claimed."""
        return dispatch.step(self.org.db, org_id=self.org.org_id)

    def runs(self) -> list[Run]:
        with self.org.db.read() as s:
            return list(s.execute(select(Run).where(Run.agent_id == self.agent_id)
                                  .order_by(Run.created_at)).scalars())

    def run(self, run_id: str) -> Run:
        with self.org.db.read() as s:
            return s.get(Run, run_id)

    def show(self, run_id: str) -> dict:
        return self.org.ok("GET", f"/api/v1/runs/{run_id}")

    def runtime(self) -> AgentRuntime:
        with self.org.db.read() as s:
            return s.get(AgentRuntime, self.agent_id)

    def wait_for(self, predicate, timeout: float = 20.0, poll: float = 0.05):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = predicate()
            if value:
                return value
            time.sleep(poll)
        raise AssertionError("timed out waiting")

    def until_running(self, timeout: float = 10.0) -> Run:
        return self.wait_for(lambda: next((r for r in self.runs() if r.state == "running" and r.pid), None), timeout)

    def finished(self, timeout: float = 30.0) -> list[Run]:
        assert dispatch.wait(timeout)
        return self.runs()


def crew(org: OrgKit, level: int = 3) -> Crew:
    root = org.root()
    agent = org.agent(level=level)
    seat = org.seat("Bookkeeper", parent=root["id"], holder=agent, kind="agent")
    return Crew(org, root, seat, agent)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is gone as far as work goes; it is only waiting for its parent to read its status
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ", 1)[1][0] != "Z"
    except OSError:
        return False


def later(minutes: float) -> None:
    clock.advance(timedelta(minutes=minutes))


QUICK = "print('done')"  # a trivial agent program


def settle() -> None:
    """Let inbox items age past the wake scan's lag (see otp.runs.wakes.INBOX_LAG)."""
    clock.advance(timedelta(seconds=3))
