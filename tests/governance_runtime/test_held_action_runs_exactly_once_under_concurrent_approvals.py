import threading

from otp.core.errors import Conflict
from otp.governance.approvals import decide_request
from tests.governance_runtime.kit import as_person, chart, declare


def test_ten_concurrent_approvals_run_the_held_action_exactly_once(org, db):
    c = chart(org)
    approval_id = declare(org, c.agent_token).json()["error"]["approval_id"]
    owner = as_person(db, org.owner_id, org.org_id)
    results, barrier = [], threading.Barrier(10)

    def approve():
        barrier.wait()
        try:
            with db.write() as s:
                decide_request(s, owner, approval_id=approval_id, approve=True)
            results.append("ok")
        except Conflict:
            results.append("conflict")
    threads = [threading.Thread(target=approve) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["conflict"] * 9 + ["ok"]
    assert len(org.events("external.authorized")) == 1 and len(org.events("approval.approved")) == 1
