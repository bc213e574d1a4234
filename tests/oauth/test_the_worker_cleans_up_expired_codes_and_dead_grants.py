"""The worker's periodic job deletes codes an hour past their lifetime and grants that can no
longer be refreshed (revoked or expired); live ones stay."""
from datetime import timedelta

from otp.core import clock
from otp.worker.tasks import tasks
from tests.oauth.kit import oauth


def cleanup(org, at):
    task = next(t for t in tasks() if t.name == "oauth.cleanup")
    return task.fn(org.db, at)


def test_expired_codes_and_revoked_or_expired_grants_are_deleted(org):
    agent = org.agent("Quill")
    live, revoked, stale = oauth(org), oauth(org), oauth(org)
    live.connect(agent["id"])
    answer = revoked.connect(agent["id"])
    revoked.revoke(answer["refresh_token"])
    stale.code_for(agent["id"])  # never redeemed
    assert live.counts() == (3, 2)
    cleanup(org, clock.now())
    assert live.counts() == (3, 1)  # the revoked grant went; codes are still young
    cleanup(org, clock.now() + timedelta(hours=2))
    assert live.counts() == (0, 1)  # every code is past its lifetime and grace
    cleanup(org, clock.now() + timedelta(days=31))
    assert live.counts() == (0, 0)
