"""The SSRF guard (otp.outbox.targets): a webhook URL whose host is, or resolves to, a loopback,
private, link-local, multicast or unspecified address is refused at registration (422, field
url, nothing changes) and again at delivery, where the request then goes to the very address
that was checked. The operator's OTP_WEBHOOK_ALLOW_PRIVATE=1 lifts it (the other outbox tests
run with it, see conftest.py; here it is off unless a test turns it on)."""
from __future__ import annotations

import ipaddress

import pytest

from otp.core import clock
from otp.outbox import targets
from tests.outbox.kit import Receiver, deliver, hook, log, poke, row

PUBLIC = "93.184.216.34"


@pytest.fixture(autouse=True)
def private_webhook_targets(monkeypatch):
    monkeypatch.delenv(targets.ALLOW_ENV, raising=False)  # overrides the outbox conftest: the guard is on


@pytest.fixture
def dns(monkeypatch):
    """A fake DNS: names put in the dict resolve to the given addresses; the rest as usual."""
    table: dict[str, list[str]] = {}
    real = targets._getaddrinfo
    monkeypatch.setattr(targets, "_getaddrinfo", lambda host, port: table[host] if host in table else real(host, port))
    return table


def refused(org, response, before):
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["field"] == "url" and "public receivers only" in error["message"], error
    assert org.event_count() == before


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8080/hooks", "http://localhost/hooks", "http://0/hooks", "http://127.1/hooks",
    "http://2130706433/hooks", "http://10.1.2.3/hooks", "http://192.168.0.10/hooks", "http://172.16.5.4/hooks",
    "http://169.254.169.254/latest/meta-data", "http://224.0.0.1/hooks", "http://0.0.0.0/hooks",
])
def test_registering_a_private_literal_or_local_name_is_refused_naming_the_url(org, url):
    before = org.event_count()
    refused(org, org.post("/api/v1/webhooks", json={"url": url}), before)
    assert org.ok("GET", "/api/v1/webhooks") == []


def test_a_name_that_resolves_to_a_private_address_is_refused_on_create_and_on_update(org, dns):
    dns["hooks.example.com"] = [PUBLIC]
    dns["intranet.example.com"] = [PUBLIC, "10.0.0.7"]  # one bad answer is enough
    dns["mapped.example.com"] = ["::ffff:127.0.0.1"]
    created = hook(org, "https://hooks.example.com/otp")
    before = org.event_count()
    for url in ("https://intranet.example.com/otp", "https://mapped.example.com/otp"):
        refused(org, org.post("/api/v1/webhooks", json={"url": url}), before)
        refused(org, org.call("PATCH", f"/api/v1/webhooks/{created['id']}", json={"url": url}), before)
    assert org.ok("GET", f"/api/v1/webhooks/{created['id']}")["url"] == "https://hooks.example.com/otp"


def test_a_name_that_does_not_resolve_yet_is_accepted_and_delivery_checks_it(org, dns):
    created = hook(org, "https://not-published-yet.invalid/otp")
    poke(org)
    assert deliver(org) == 0
    [attempt] = log(org.db, created["id"])
    assert not attempt.success and attempt.error.startswith("refused:") and "does not resolve" in attempt.error


def test_delivery_checks_again_when_dns_has_changed_and_sends_nothing(org, dns):
    clock.freeze(clock.now())
    org.root()
    dns["hooks.example.com"] = [PUBLIC]
    with Receiver() as rx:
        port = rx.url.split(":")[2].split("/")[0]
        created = hook(org, f"http://hooks.example.com:{port}/hooks")
        dns["hooks.example.com"] = ["127.0.0.1"]  # rebound to where a receiver really listens
        poke(org)
        assert deliver(org) == 0
    assert rx.requests == []
    [attempt] = log(org.db, created["id"])
    assert not attempt.success and attempt.status_code is None
    assert "refused" in attempt.error and "127.0.0.1" in attempt.error and "loopback" in attempt.error
    sub = row(org.db, created["id"])
    assert sub.failure_count == 1 and sub.next_attempt_at > clock.now() and sub.cursor_seq < org.events()[-1].seq


def test_delivery_goes_to_the_address_that_was_checked_with_the_names_host_header(org, dns, monkeypatch):
    monkeypatch.setenv(targets.ALLOW_ENV, "1")  # the operator allows private receivers
    dns["receiver.test"] = ["127.0.0.1"]  # .test never resolves for real: only the checked address works
    org.root()
    with Receiver() as rx:
        port = rx.url.split(":")[2].split("/")[0]
        created = hook(org, f"http://receiver.test:{port}/hooks", filters=["test.*"])
        poke(org)
        assert deliver(org) == 1
    assert rx.requests[0][0]["host"] == f"receiver.test:{port}"
    assert log(org.db, created["id"])[0].success


def test_https_keeps_the_name_for_tls_while_connecting_to_the_checked_address(dns):
    dns["hooks.example.com"] = [PUBLIC, "2606:2800:220:1:248:1893:25c8:1946"]
    target = targets.pin("https://hooks.example.com/otp?x=1")
    assert target.candidates == [
        (f"https://{PUBLIC}/otp?x=1", {"host": "hooks.example.com"}, {"sni_hostname": "hooks.example.com"}),
        ("https://[2606:2800:220:1:248:1893:25c8:1946]/otp?x=1", {"host": "hooks.example.com"},
         {"sni_hostname": "hooks.example.com"})]


@pytest.mark.parametrize("address, why", [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("169.254.169.254", "link-local"), ("fe80::1", "link-local"),
    ("10.0.0.1", "private"), ("fd00::1", "private"), ("0.0.0.0", "unspecified"), ("::", "unspecified"),
    ("239.1.2.3", "multicast"), ("ff02::1", "multicast"), ("::ffff:192.168.1.1", "private"),
    ("100.64.0.1", "non-public"), (PUBLIC, None), ("2606:4700:4700::1111", None),
])
def test_what_counts_as_a_blocked_address(address, why):
    assert targets.blocked(ipaddress.ip_address(address)) == why
