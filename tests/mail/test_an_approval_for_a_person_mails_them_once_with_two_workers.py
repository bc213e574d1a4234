"""An approval routed to a person queues one mail in its own transaction; two workers racing
over the outbox deliver it exactly once, with the question and a link straight to it."""
from otp.core import clock
from otp.mail.jobs import send_mail
from tests.governance_runtime.kit import approvals, chart, declare, run_twice_concurrently
from tests.mail.kit import body, outbox, smtp_server


def test_an_approval_for_a_person_sends_exactly_one_mail_with_two_workers_running(db, org, monkeypatch):
    monkeypatch.setenv("OTP_PUBLIC_URL", "https://otp.example.com")
    c = chart(org, level=1)
    assert declare(org, c.agent_token, amount_cents=1234, description="ads").status_code == 202
    [request] = approvals(db, org.org_id)
    now = clock.now()
    with smtp_server(monkeypatch) as inbox:
        sent = run_twice_concurrently(db, lambda worker: send_mail(worker, now, org_id=org.org_id))
    assert sorted(sent) == [0, 1]
    [mail] = inbox.messages
    assert mail["To"] == c.member["email"] and "An approval waits for you" in mail["Subject"]
    # the whole question in one line, as the approvals page states it: who, what, how much, why
    assert "Worker (agent), Worker, asks to spend money outside OTP: $12.34" in body(mail) and "ads" in body(mail)
    assert f"https://otp.example.com/approvals#{request.id}" in body(mail)
    assert [(m.kind, m.state) for m in outbox(db, org.org_id)] == [("approval_waiting", "sent")]
