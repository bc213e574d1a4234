"""Two `otp serve` instances and two `otp worker` processes on one database, 200 agents due at
once: every run starts exactly once. A worker killed with SIGKILL mid-run: the run ends
abandoned after its lease (its orphaned process killed), and the next scheduled run happens."""
import signal
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from otp.auth.actor import system_actor
from otp.core import clock
from otp.core.db import Database
from otp.core.ids import new_id
from otp.org import orgs, people
from otp.org.models import Agent
from otp.runs.models import ENDED, AgentRuntime, Run
from tests.runs.kit import alive
from tests.runs.procs import processes


def seed(db: Database, command: list[str], n: int) -> tuple[str, list[str]]:
    with db.write() as s:
        owner = people.create_person(s, email=f"o-{new_id('p')[-6:]}@runs.test", name="Owner", password="pw-owner")
        org = orgs.create_organization(s, name="Runs", slug=f"runs-{new_id('o')[-6:]}", owner_person_id=owner.id)
        org.settings = {**(org.settings or {}), "max_concurrent_runs": 1000}
        agents = [Agent(id=new_id("agt"), org_id=org.id, name=f"a{i}", status="active", level=3) for i in range(n)]
        s.add_all(agents)
        s.flush()
        far = clock.now() + timedelta(days=1)
        s.add_all([AgentRuntime(agent_id=a.id, org_id=org.id, adapter="command", config={"command": command, "env": {}},
                                time_limit_seconds=120, max_concurrent=1, every_minutes=60, next_scheduled_at=far,
                                created_at=clock.now(), updated_at=clock.now()) for a in agents])
        system_actor(org.id)
        return org.id, [a.id for a in agents]


def due_now(db: Database, org_id: str) -> None:
    with db.write() as s:
        s.execute(update(AgentRuntime).where(AgentRuntime.org_id == org_id).values(next_scheduled_at=clock.now()))


def wait(predicate, timeout: float):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError("timed out")


@pytest.mark.slow
def test_200_agents_due_at_once_each_start_exactly_once(isolated_db, tmp_path):
    starts = tmp_path / "starts.log"
    org_id, agents = seed(isolated_db, ["/bin/sh", "-c", f"echo {{run_id}} {{agent_id}} >> {starts}"], 200)
    with processes(isolated_db.url, tmp_path, serves=2, workers=2):
        time.sleep(2)
        due_now(isolated_db, org_id)

        def ended():
            with isolated_db.read() as s:
                return s.execute(select(func.count()).select_from(Run).where(
                    Run.org_id == org_id, Run.state.in_(ENDED))).scalar_one() >= 200
        wait(ended, 240)
    with isolated_db.read() as s:
        runs = s.execute(select(Run.agent_id, Run.state, Run.lease_owner).where(Run.org_id == org_id)).all()
    lines = starts.read_text().split("\n")[:-1]
    assert sorted(a for a, _, _ in runs) == sorted(agents) and {st for _, st, _ in runs} == {"succeeded"}
    assert len(lines) == 200 and len({line.split()[1] for line in lines}) == 200  # each agent's program ran once


@pytest.mark.slow
def test_a_worker_killed_mid_run_leaves_it_abandoned_and_the_schedule_goes_on(isolated_db, tmp_path):
    work = tmp_path / "agent"
    work.mkdir()
    once = f"if [ -e {work}/first ]; then echo second; else echo $$ > {work}/first; sleep 60; fi"
    org_id, [agent_id] = seed(isolated_db, ["/bin/sh", "-c", once], 1)
    env = {"OTP_RUN_LEASE_SECONDS": "2"}
    with processes(isolated_db.url, tmp_path, workers=1, env=env) as [worker]:
        due_now(isolated_db, org_id)
        pid = int(wait(lambda: (work / "first").exists() and (work / "first").read_text().strip(), 60))
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        assert alive(pid)  # its own process group: the SIGKILL of the worker did not reach it
    with processes(isolated_db.url, tmp_path, workers=1, env=env):
        def first_run():
            with isolated_db.read() as s:
                return s.execute(select(Run).where(Run.agent_id == agent_id).order_by(Run.created_at)).scalars().first()
        run = wait(lambda: (r := first_run()).state != "running" and r, 60)
        assert run.state == "abandoned" and "stopped renewing the lease" in run.detail
        wait(lambda: not alive(pid), 10)
        due_now(isolated_db, org_id)  # the next slot comes round

        def second():
            with isolated_db.read() as s:
                return s.execute(select(Run).where(Run.agent_id == agent_id, Run.state == "succeeded")).scalars().first()
        assert "second" in wait(second, 60).output
    with isolated_db.read() as s:
        assert s.execute(select(func.count()).select_from(Run).where(Run.agent_id == agent_id)).scalar_one() == 2
