"""`otp serve` runs the worker tick inside the app (app.state.run_worker, on unless --no-worker or
OTP_WORKER=external): an overdue escalation climbs with no `otp worker` running."""
import time

from fastapi.testclient import TestClient

from otp.api.app import create_app
from otp.core import clock
from tests.governance_runtime.kit import chart, escalations, later
from tests.helpers import OrgKit


def test_the_in_process_tick_moves_an_overdue_escalation(isolated_db, settings):
    app = create_app(settings, isolated_db)
    app.state.run_worker, app.state.worker_interval = True, 0.05
    with TestClient(app) as client:
        org = OrgKit.create(isolated_db, client)
        c = chart(org)
        clock.freeze(clock.now())
        org.ok("POST", "/api/v1/escalations", {"reason": "Blocked", "urgency": "critical"}, token=c.agent_token,
               status=201)
        later(1.5)
        for _ in range(600):  # polls until the tick has run; the bound only stops a broken test
            if escalations(isolated_db, org.org_id)[0].holder_seat_id == c.coo["id"]:
                break
            time.sleep(0.05)
    assert escalations(isolated_db, org.org_id)[0].holder_seat_id == c.coo["id"]


def test_without_the_inline_worker_nothing_moves(isolated_db, settings):
    app = create_app(settings, isolated_db)
    app.state.run_worker, app.state.worker_interval = False, 0.05
    with TestClient(app) as client:
        org = OrgKit.create(isolated_db, client)
        c = chart(org)
        clock.freeze(clock.now())
        org.ok("POST", "/api/v1/escalations", {"reason": "Blocked", "urgency": "critical"}, token=c.agent_token,
               status=201)
        later(1.5)
        time.sleep(0.5)  # several ticks' worth: only the allow counters are flushed
    assert escalations(isolated_db, org.org_id)[0].holder_seat_id == c.lead["id"]
