"""The daily digest mails a person exactly what their home page lists, once a day, however many
workers run; nobody with nothing waiting (or who turned it off) gets one."""
from datetime import timedelta

from otp.core import clock
from otp.home.jobs import daily_digest
from tests.governance_runtime.kit import chart, declare, run_twice_concurrently
from tests.mail.kit import body, digest_sections, home_sections, send, smtp_server, web_client


def _morning() -> None:
    """Freeze the clock past the digest hour (07:00 UTC, the test organization's zone) today."""
    now = clock.now()
    clock.freeze(now if now.hour >= 8 else now.replace(hour=8))


def _busy_member(org):
    """A chart whose member (on the Lead seat) has an approval, an escalation, to-dos and inbox items."""
    c = chart(org, level=1)
    assert declare(org, c.agent_token, amount_cents=2500, description="ads").status_code == 202
    org.ok("POST", "/api/v1/escalations", {"reason": "Vendor <stalled> & silent", "urgency": "high"},
           token=c.agent_token, status=201)
    for title in ("Call the bank", "Draft the Q3 plan"):
        org.ok("POST", "/api/v1/todos", {"title": title, "owner_seat_id": c.lead["id"]}, status=201)
    return c


def test_the_digest_lists_exactly_what_the_home_page_lists(app, db, org, monkeypatch):
    _morning()
    c = _busy_member(org)
    home = web_client(app, c.member["email"], "pw-person").get("/").text
    with smtp_server(monkeypatch) as inbox:
        assert daily_digest(db, clock.now(), org_id=org.org_id) == 1  # the member: nothing waits for the others
        send(db, org.org_id)
    [mail] = inbox.to(c.member["email"], "digest")
    listed = digest_sections(body(mail))
    assert listed == home_sections(home)
    assert listed["Approvals waiting for you"] and listed["Escalations you hold"] and len(listed["Your to-dos"]) == 2
    assert f"{sum(map(len, listed.values()))} things need you today" in mail["Subject"]


def test_two_workers_queue_one_digest_per_person_per_day_and_nobody_idle_gets_one(db, org, monkeypatch):
    _morning()
    c = _busy_member(org)
    now = clock.now()
    with smtp_server(monkeypatch) as inbox:
        counts = run_twice_concurrently(db, lambda worker: daily_digest(worker, now, org_id=org.org_id))
        assert sorted(counts) == [0, 1]
        assert daily_digest(db, now + timedelta(hours=1), org_id=org.org_id) == 0  # same day: done
        send(db, org.org_id)
    digests = [m["To"] for m in inbox.messages if m["X-OTP-Kind"] == "digest"]
    assert digests == [c.member["email"]]  # nothing waits for the owner or the admin


def test_a_person_who_turned_the_digest_off_gets_none(db, org, monkeypatch):
    _morning()
    c = _busy_member(org)
    org.ok("PUT", "/api/v1/me/mail-preferences", {"digest": False}, token=org.token_for(person=c.member))
    with smtp_server(monkeypatch) as inbox:
        daily_digest(db, clock.now(), org_id=org.org_id)
        send(db, org.org_id)
    assert inbox.to(c.member["email"], "digest") == []
