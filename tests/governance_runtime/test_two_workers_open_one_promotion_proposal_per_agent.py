"""Two workers, each with its own engine, race to propose promotions for 40 eligible agents."""
import pytest

from otp.auth.tokens import person_actor
from otp.core import clock
from otp.governance.jobs import promotion_proposals
from otp.org import agents, chart, orgs
from tests.governance_runtime.kit import approvals, later, run_twice_concurrently
from tests.helpers import OrgKit

pytestmark = pytest.mark.slow


def test_two_workers_propose_each_eligible_agent_exactly_once(isolated_db, client):
    org = OrgKit.create(isolated_db, client)
    clock.freeze(clock.now())
    with isolated_db.write() as s:
        owner = person_actor(s, org.owner_id, org.org_id)
        orgs.update_organization(s, owner, {"settings": {"promotion": {"min_completed_items": 0}}})
        ceo = chart.create_seat(s, owner, title="CEO", responsibilities=["a", "b", "c"])
        chart.assign_occupant(s, owner, ceo.id, kind="person", occupant_id=org.owner_id)
        for i in range(40):
            agent = agents.create_agent(s, owner, name=f"bot{i}", level=2)
            seat = chart.create_seat(s, owner, title=f"Bot {i}", responsibilities=["a", "b", "c"], parent_id=ceo.id)
            chart.assign_occupant(s, owner, seat.id, kind="agent", occupant_id=agent.id)
    later(24 * 15)
    counts = run_twice_concurrently(isolated_db, lambda db: promotion_proposals(db, clock.now()))
    proposals = [a for a in approvals(isolated_db, org.org_id) if a.action == "agent.level.change"]
    assert sum(counts) == 40 and len({p.payload["agent_id"] for p in proposals}) == len(proposals) == 40
