"""Two workers, each with its own engine and connections, race over 200 due escalations."""
import pytest
from sqlalchemy import func, select

from otp.auth.actor import system_actor
from otp.core import clock
from otp.events.models import Event
from otp.governance.escalations import open_escalation
from otp.governance.jobs import escalation_sla
from otp.governance.models import Escalation
from tests.governance_runtime.kit import later, run_twice_concurrently
from tests.helpers import OrgKit

pytestmark = pytest.mark.slow


def test_two_workers_move_each_of_200_due_escalations_exactly_once(isolated_db, client):
    org = OrgKit.create(isolated_db, client)
    org.client = client
    with isolated_db.write() as s:
        from otp.org import chart as chart_svc
        from otp.auth.tokens import person_actor
        owner = person_actor(s, org.owner_id, org.org_id)
        ceo = chart_svc.create_seat(s, owner, title="CEO", responsibilities=["a", "b", "c"])
        chart_svc.assign_occupant(s, owner, ceo.id, kind="person", occupant_id=org.owner_id)
        from otp.org import people
        boss, _ = people.add_member(s, owner, email="boss@example.com", name="Boss", role="admin")
        mid = chart_svc.create_seat(s, owner, title="Mid", responsibilities=["a", "b", "c"], parent_id=ceo.id)
        chart_svc.assign_occupant(s, owner, mid.id, kind="person", occupant_id=boss.id)
        leaf = chart_svc.create_seat(s, owner, title="Leaf", responsibilities=["a", "b", "c"], parent_id=mid.id)
        for i in range(200):
            open_escalation(s, system_actor(org.org_id), leaf.id, reason=f"e{i}", urgency="critical")
    later(1.5)
    now = clock.now()
    counts = run_twice_concurrently(isolated_db, lambda db: escalation_sla(db, now))
    assert sum(counts) == 200
    with isolated_db.read() as s:
        hops = s.execute(select(Escalation.hops, func.count()).group_by(Escalation.hops)).all()
        climbed = s.execute(select(func.count()).select_from(Event).where(Event.action == "escalation.climbed")).scalar()
    assert dict(hops) == {1: 200} and climbed == 200
