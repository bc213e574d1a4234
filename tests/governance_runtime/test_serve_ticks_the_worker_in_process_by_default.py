"""`otp serve` runs the worker tick inside the app (app.state.run_worker, on unless --no-worker or
OTP_WORKER=external): an overdue escalation climbs with no `otp worker` running."""
import time

from tests.governance_runtime.kit import escalations, serving_an_overdue_escalation


def test_the_in_process_tick_moves_an_overdue_escalation(isolated_db, settings):
    with serving_an_overdue_escalation(isolated_db, settings, run_worker=True) as (org, c):
        for _ in range(600):  # polls until the tick has run; the bound only stops a broken test
            if escalations(isolated_db, org.org_id)[0].holder_seat_id == c.coo["id"]:
                break
            time.sleep(0.05)
    assert escalations(isolated_db, org.org_id)[0].holder_seat_id == c.coo["id"]


def test_without_the_inline_worker_nothing_moves(isolated_db, settings):
    with serving_an_overdue_escalation(isolated_db, settings, run_worker=False) as (org, c):
        time.sleep(0.5)  # several ticks' worth: only the allow counters are flushed
    assert escalations(isolated_db, org.org_id)[0].holder_seat_id == c.lead["id"]
