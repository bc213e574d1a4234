"""An escalation mails the person it reaches: its first holder, then each one it climbs to."""
from otp.core import clock
from otp.governance.jobs import escalation_sla
from tests.governance_runtime.kit import chart, later
from tests.mail.kit import body, send, smtp_server


def test_an_unanswered_escalation_climbs_and_its_new_holder_gets_a_mail(db, org, monkeypatch):
    c = chart(org)
    clock.freeze(clock.now())
    org.ok("POST", "/api/v1/escalations", {"reason": "Blocked on the vendor", "urgency": "critical"},
           token=c.agent_token, status=201)
    later(1.5)
    escalation_sla(db, clock.now())
    with smtp_server(monkeypatch) as inbox:
        assert send(db, org.org_id) == 2
    [raised] = inbox.to(c.member["email"])
    [climbed] = inbox.to(c.admin["email"])
    assert "was raised to you" in raised["Subject"] and "climbed to you" in climbed["Subject"]
    assert "Blocked on the vendor" in body(climbed) and "/escalations#esc_" in body(climbed)
