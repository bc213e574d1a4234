import pytest

from otp.oos.scan import has_critical, iban_ok, luhn_ok, redact, scan

from .helpers import fixture_text

# kind -> items planted in the corpus; every one must be found with exactly that kind.
PLANTED = {
    "aws_access_key": ["AKIAIOSFODNN7EXAMPLE"],
    "github_token": ["ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"],
    "api_key": ["sk-ant-api03-AbCdEfGhIjKlMnOpQrStUv", "sk-proj-Zyxwvutsrqponmlkjihgfe123"],
    "slack_token": ["xoxb-123456789012-abcdefghijkl"],
    "stripe_key": ["sk_live_4eC39HqLyjWDarjtT1zdp7dc"],
    "google_api_key": ["AIza" + "SyD-abcdefghijklmnopqrstuvwxyz01234"],
    "jwt": ["eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.abcDEF123_-xyz"],
    "bearer_token": ["Zm9vYmFyYmF6cXV4MTIzNDU2"],
    "password": ["hunter2!", "s3cr3t-Pa55"],
    "connection_string": ["postgres://admin:SuperSecret1@db.example.com:5432/prod"],
    "private_key": ["-----BEGIN RSA PRIVATE KEY-----"],
    "email": ["dana.whitfield@example.com", "ops+alerts@acme.co.uk"],
    "phone": ["+1 415 555 0132", "(212) 555-0199", "+44 20 7946 0958", "415-555-0173"],
    "card_number": ["4111 1111 1111 1111", "5500-0000-0000-0004", "378282246310005"],
    "iban": ["GB82 WEST 1234 5698 7654 32", "DE89370400440532013000"],
    "us_ssn": ["078-05-1120", "123-45-6789"],
    "uk_nino": ["AB123456C"],
    "private_ip": ["10.0.3.17", "192.168.1.20", "172.16.5.4"],
    "internal_host": ["build01.corp", "db.internal", "printer.local"],
    "file_path": ["/home/alice/.ssh/config", "C:\\Users\\bob\\secrets.txt", "~/projects/otp/notes.md"],
    "money": ["$149K", "€2.5 million", "1,200 USD"],
    "person_name": ["Dana Whitfield", "Omar Haddad"],
    "keyed_secret": ["wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "xapp1-9f8e7d6c5b4a"],
    "webhook_url": ["https://hooks.slack.com/services/T0AB12CD3/B0EF45GH6/AbCdEfGhIjKlMnOpQrStUvWx"],
    "oauth_token": ["ya29.a0AfH6SMBx1y2z3w4v5u6t7s8r9q"],
    "gitlab_token": ["glpat-Xy12Ab34Cd56Ef78Gh90"],
    "npm_token": ["npm_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"],
    "es_dni": ["12345678Z", "X1234567L"],
    "ca_sin": ["130 692 544"],
}
# Later additions, each also of a kind above.
PLANTED["connection_string"].append("redis://:s3cretpass@cache.example.com:6379/0")
PLANTED["phone"].append("+14155550132")
PLANTED["iban"].append("gb82west12345698765432")
PLANTED["private_ip"] += ["fd12:3456:789a::1", "fe80::1ff:fe23:4567:890a"]
CORPUS = """\
Deploy notes. The AWS key AKIAIOSFODNN7EXAMPLE and token ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8 leaked.
Anthropic key sk-ant-api03-AbCdEfGhIjKlMnOpQrStUv; OpenAI key sk-proj-Zyxwvutsrqponmlkjihgfe123.
Slack bot xoxb-123456789012-abcdefghijkl, Stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc.
Maps key AIzaSyD-abcdefghijklmnopqrstuvwxyz01234 and session eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.abcDEF123_-xyz
Header: Authorization: Bearer Zm9vYmFyYmF6cXV4MTIzNDU2
Config: password=hunter2! and DB_PASSWORD: "s3cr3t-Pa55"
DSN postgres://admin:SuperSecret1@db.example.com:5432/prod
-----BEGIN RSA PRIVATE KEY-----
Write to dana.whitfield@example.com or ops+alerts@acme.co.uk.
Call +1 415 555 0132, (212) 555-0199, +44 20 7946 0958 or 415-555-0173.
Cards 4111 1111 1111 1111, 5500-0000-0000-0004 and 378282246310005.
Pay GB82 WEST 1234 5698 7654 32 or DE89370400440532013000.
SSN 078-05-1120, another 123-45-6789, NINO AB123456C.
Hosts 10.0.3.17, 192.168.1.20, 172.16.5.4, build01.corp, db.internal and printer.local.
Files /home/alice/.ssh/config, C:\\Users\\bob\\secrets.txt and ~/projects/otp/notes.md.
Spend $149K, a budget of €2.5 million and 1,200 USD.
Dana Whitfield reports to omar haddad.
env: AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY and slack_app_token: "xapp1-9f8e7d6c5b4a"
Alerts go to https://hooks.slack.com/services/T0AB12CD3/B0EF45GH6/AbCdEfGhIjKlMnOpQrStUvWx via ya29.a0AfH6SMBx1y2z3w4v5u6t7s8r9q
CI uses glpat-Xy12Ab34Cd56Ef78Gh90 and npm_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8.
DNI 12345678Z, NIE X1234567L, SIN 130 692 544.
Cache redis://:s3cretpass@cache.example.com:6379/0, text +14155550132, pay gb82west12345698765432.
Hosts fd12:3456:789a::1 and fe80::1ff:fe23:4567:890a.
"""
NAMES = ["Dana Whitfield", "Omar Haddad"]

BUSINESS_PROSE = """\
In Q3 2025 the team closed 42 deals, up 12% on Q2, and churn fell from 4.1% to 3.2% over 90 days.
The board meets on 14 March 2026 at 10:30 to review the plan for 2026-2027. Version 2.4.1 ships
next week; ticket volume was 1,250 across 3 regions and 17 agents handled 8,400 conversations.
Response time is under 5 minutes for 95% of leads. Call 1 of 3 is on day 7, see section 4.2.
Max tokens: 4000 per run; the token: required on every call; secret_sauce: a-better-process.
The stand-up runs 09:15:30 to 09:30:00, a 3:2 ratio; see std::vector and the docs range 2001:db8::1.
"""


@pytest.mark.parametrize("kind", sorted(PLANTED))
def test_every_planted_item_of_each_kind_is_found(kind):
    found = {(f.kind, f.text.lower()) for f in scan(CORPUS, NAMES)}
    for item in PLANTED[kind]:
        assert (kind, item.lower()) in found, f"{kind}: {item!r} not found"


def test_findings_carry_line_column_severity_and_replacement():
    first = scan(CORPUS, NAMES)[0]
    assert (first.line, first.column, first.kind, first.severity) == (1, 27, "aws_access_key", "critical")
    assert first.replacement == "<API_KEY>"
    card = next(f for f in scan(CORPUS) if f.kind == "card_number")
    assert (card.line, card.severity, card.replacement) == (11, "critical", "<CARD_NUMBER>")


def test_fixture_prose_has_no_critical_finding_only_money_figures():
    findings = scan(fixture_text())
    assert not has_critical(findings)
    assert {f.kind for f in findings} == {"money"} and [f.text for f in findings][:2] == ["$149K", "$34K"]


def test_ordinary_business_english_with_numbers_and_dates_has_no_finding_at_all():
    assert scan(BUSINESS_PROSE) == []


@pytest.mark.parametrize("number, ok", [("4111 1111 1111 1111", True), ("4111 1111 1111 1112", False),
                                        ("0000 0000 0000 0000", False), ("1234", False)])
def test_card_numbers_need_a_valid_luhn_checksum(number, ok):
    assert luhn_ok(number) is ok


@pytest.mark.parametrize("iban, ok", [("GB82 WEST 1234 5698 7654 32", True), ("GB83 WEST 1234 5698 7654 32", False),
                                      ("DE89370400440532013000", True)])
def test_ibans_need_a_valid_mod_97_checksum(iban, ok):
    assert iban_ok(iban) is ok


def test_unchecked_lookalikes_are_not_reported():
    text = "Order 4111 1111 1111 1112 and account GB83 WEST 1234 5698 7654 32 from 8.8.8.8 at example.com."
    assert [f.kind for f in scan(text)] == []


def test_redaction_replaces_every_finding_and_leaves_a_clean_copy():
    findings = scan(CORPUS, NAMES)
    clean = redact(CORPUS, findings)
    assert scan(clean, NAMES) == [] or not has_critical(scan(clean, NAMES))
    assert "AKIAIOSFODNN7EXAMPLE" not in clean and "<PERSON_1> reports to <PERSON_2>." in clean
    assert "password=<SECRET>" in clean


def test_names_are_only_reported_when_supplied():
    assert not [f for f in scan("Dana Whitfield approved it.") if f.kind == "person_name"]
    assert [f.text for f in scan("Dana  Whitfield approved it.", ["Dana Whitfield"])] == ["Dana  Whitfield"]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_a_finding_reports_the_line_and_column_the_parser_counts_whatever_the_line_endings(newline):
    text = newline.join(["First line.", "Second line.", "Key: AKIAIOSFODNN7EXAMPLE here."])
    [finding] = scan(text)
    assert (finding.line, finding.column) == (3, 6)
