"""SMTP down: the action that caused the mail succeeds, the mail stays queued with its error and
is retried later, after a backoff."""
from datetime import timedelta

from otp.core import clock
from tests.governance_runtime.kit import chart, declare
from tests.mail.kit import closed_smtp_url, outbox, send, smtp_server


def test_a_failed_send_stays_queued_and_goes_out_on_a_later_try(db, org, monkeypatch):
    c = chart(org, level=1)
    monkeypatch.setenv("OTP_SMTP_URL", closed_smtp_url())
    assert declare(org, c.agent_token, amount_cents=1234).status_code == 202  # the approval was opened
    clock.freeze(clock.now())
    assert send(db, org.org_id) == 0
    [row] = outbox(db, org.org_id)
    assert row.state == "queued" and row.attempts == 1 and "refused" in row.last_error.lower()
    assert row.next_attempt_at >= clock.now() + timedelta(minutes=1)
    with smtp_server(monkeypatch) as inbox:
        assert send(db, org.org_id) == 0  # not due yet: the backoff holds
        assert send(db, org.org_id, row.next_attempt_at) == 1
    assert [m["To"] for m in inbox.messages] == [c.member["email"]]
    [row] = outbox(db, org.org_id)
    assert row.state == "sent" and row.attempts == 2 and row.last_error is None
