"""A cap lowered below what agents already spent this month stops them at the next worker tick,
without waiting for a cost report; the sweep trips once, not every tick."""
from otp.core import clock
from otp.governance.jobs import org_budget_checks
from tests.stop_switch.kit import org_row, resume_all, set_cap, spend, stoppable


def test_the_sweep_stops_the_agents_once_when_the_cap_is_lowered_below_the_spend(org, db):
    w = stoppable(org)
    spend(w, 600)
    set_cap(org, 500)
    org_budget_checks(db, clock.now())
    assert org_row(org).agents_paused_at is not None
    resume_all(org)
    org_budget_checks(db, clock.now())
    assert org_row(org).agents_paused_at is None and len(org.events("organization.budget_breached")) == 1
