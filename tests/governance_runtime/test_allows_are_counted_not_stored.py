from sqlalchemy import select

from otp.core import clock
from otp.governance.jobs import flush_allow_counts
from otp.governance.models import AllowCount
from tests.governance_runtime.kit import chart, declare


def test_allows_are_counted_in_memory_and_flushed_per_day(org, db):
    c = chart(org, level=6)
    org.ok("PATCH", "/api/v1/governance/policy", {"channel_allowlist": ["slack:#ops"]})
    flush_allow_counts(db, clock.now())
    events = org.event_count()
    for _ in range(3):
        assert declare(org, c.agent_token, "external.communicate", channel="slack:#ops").status_code == 200
    assert org.event_count() == events + 3  # the authorizations only: no row per allow
    flush_allow_counts(db, clock.now())
    with db.read() as s:
        rows = s.execute(select(AllowCount.action, AllowCount.count).where(AllowCount.org_id == org.org_id)).all()
    assert ("external.communicate", 3) in rows
