"""A secret scanner must not repeat the secret it found: terminals, CI logs and API responses keep
what they are shown. `otp oos scan` (text and --json, a file or the stored OOS), GET /oos/scan and
POST /oos/check list each finding by severity, kind, line, column, place and placeholder, with its
line redacted (otp.oos.findings) — never the matched text."""
import json

from typer.testing import CliRunner

from otp.cli.main import app
from otp.oos.document import parse
from otp.oos.jsonform import to_json

from .helpers import fixture_text
from .kit import OOS

runner = CliRunner()

KEY = "AKIAIOSFODNN7EXAMPLE"
PASSWORD = "hunter2-Blue!"
PERSON = "Olive Owner"  # the owner on the test organization's chart
NOTES = f"# Notes\n\nKey {KEY} rotates monthly.\n\n## Access\n\nThe vault password: {PASSWORD} is shared.\n"
FINDINGS = [(3, 5, "critical", "aws_access_key", "<API_KEY>", "section “Notes”", "Key <API_KEY> rotates monthly."),
            (7, 21, "critical", "password", "<SECRET>", "section “Access”", "The vault password: <SECRET> is shared.")]
SECRETS = (KEY, PASSWORD, "hunter2")


def scan_file(tmp_path, *args, text=NOTES, name="notes.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return runner.invoke(app, ["oos", "scan", str(path), *args])


def otp(database_url, org, *args):
    return runner.invoke(app, ["oos", *map(str, args), "--database-url", database_url, "--org", org.slug])


def as_rows(findings):
    return [(f["line"], f["column"], f["severity"], f["kind"], f["replacement"], f["place"], f["excerpt"])
            for f in findings]


def assert_never_echoed(output: str, *secrets: str):
    for secret in secrets:
        assert secret not in output, secret


def test_the_scan_never_echoes_the_secret_it_found_in_its_text_output(tmp_path):
    result = scan_file(tmp_path)
    assert result.exit_code == 1
    assert_never_echoed(result.output, *SECRETS)
    assert f"{tmp_path / 'notes.md'}:3:5: critical: aws_access_key -> <API_KEY> (section “Notes”): " \
           "'Key <API_KEY> rotates monthly.'" in result.output
    assert ":7:21: critical: password -> <SECRET> (section “Access”): " \
           "'The vault password: <SECRET> is shared.'" in result.output
    assert "2 finding(s), 2 critical" in result.output


def test_the_scan_never_echoes_the_secret_it_found_in_its_json_output(tmp_path):
    result = scan_file(tmp_path, "--json")
    assert result.exit_code == 1
    assert_never_echoed(result.output, *SECRETS)
    report = json.loads(result.output)
    assert report["critical"] is True and as_rows(report["findings"]) == FINDINGS
    assert all(set(f) == {"severity", "kind", "line", "column", "claim", "place", "excerpt", "replacement"}
               for f in report["findings"])


def test_the_scan_never_echoes_a_name_it_was_asked_to_protect(tmp_path):
    result = scan_file(tmp_path, "--names", "Dana Whitfield", "--json", text="# Notes\n\nDana Whitfield approves.\n")
    assert result.exit_code == 0 and "Dana" not in result.output and "Whitfield" not in result.output
    [finding] = json.loads(result.output)["findings"]
    assert (finding["kind"], finding["excerpt"]) == ("person_name", "<PERSON_1> approves.")


def test_a_finding_in_a_claim_of_an_oos_file_is_placed_in_that_claim(tmp_path):
    doc = parse(fixture_text())
    claim = doc.claims[5]
    text = fixture_text().replace(claim.rule, f"{claim.rule} Use {KEY}.", 1)
    result = scan_file(tmp_path, "--json", text=text, name="org.oos.md")
    assert KEY not in result.output
    [finding] = [f for f in json.loads(result.output)["findings"] if f["kind"] == "aws_access_key"]
    assert (finding["claim"], finding["place"]) == (claim.id, f"claim {claim.id}")
    assert finding["excerpt"].endswith("Use <API_KEY>.")


def test_any_text_file_is_scanned_and_placed_by_line_when_it_is_not_an_oos(tmp_path):
    text = f"---\nnot: [closed\n---\ntoken {KEY}\n"  # frontmatter that does not parse
    result = scan_file(tmp_path, "--json", text=text, name="notes.txt")
    assert KEY not in result.output
    assert as_rows(json.loads(result.output)["findings"]) == [
        (4, 7, "critical", "aws_access_key", "<API_KEY>", "body", "token <API_KEY>")]


def test_the_scan_of_the_stored_oos_never_echoes_the_secret_it_found(org, database_url):
    org.ok("POST", f"{OOS}/import", {"text": f"# Notes\n\n{PERSON} holds {KEY}.\n"}, status=201)
    text, as_json = otp(database_url, org, "scan"), otp(database_url, org, "scan", "--json")
    assert text.exit_code == as_json.exit_code == 1
    assert_never_echoed(text.output + as_json.output, KEY, PERSON, "Olive")
    assert ":3:1: high: person_name -> <PERSON_1> (section “Notes”): '<PERSON_1> holds <API_KEY>.'" in text.output
    assert [(f["line"], f["kind"], f["replacement"]) for f in json.loads(as_json.output)["findings"]] == [
        (3, "person_name", "<PERSON_1>"), (3, "aws_access_key", "<API_KEY>")]


def test_the_scan_over_rest_never_echoes_the_secret_it_found(org):
    org.ok("POST", f"{OOS}/import", {"text": NOTES.replace("Key", f"{PERSON}'s key")}, status=201)
    response = org.get(f"{OOS}/scan")
    assert response.status_code == 200
    assert_never_echoed(response.text, *SECRETS, PERSON)
    body = response.json()
    assert body["critical"] is True and body["version"]["state"] == "draft"
    assert [(f["line"], f["kind"], f["replacement"], f["place"]) for f in body["findings"]] == [
        (3, "person_name", "<PERSON_1>", "section “Notes”"), (3, "aws_access_key", "<API_KEY>", "section “Notes”"),
        (7, "password", "<SECRET>", "section “Access”")]
    assert body["findings"][1]["excerpt"] == "<PERSON_1>'s key <API_KEY> rotates monthly."


def test_checking_a_document_over_rest_never_echoes_the_secret_it_found(org):
    response = org.post(f"{OOS}/check", json={"text": NOTES})
    assert response.status_code == 200
    assert_never_echoed(response.text, *SECRETS)
    privacy = response.json()["privacy"]
    assert privacy["critical"] is True and as_rows(privacy["findings"]) == FINDINGS


def test_checking_the_json_form_over_rest_places_findings_by_line_and_never_echoes_them(org):
    doc = parse(fixture_text())
    doc.claims[0].rule += f" Use {KEY}."
    response = org.post(f"{OOS}/check", json={"text": to_json(doc)})
    assert response.status_code == 200 and KEY not in response.text
    [finding] = [f for f in response.json()["privacy"]["findings"] if f["kind"] == "aws_access_key"]
    # The JSON text's lines are not the document's, so no claim is guessed from them.
    assert (finding["claim"], finding["place"], finding["replacement"]) == (None, "body", "<API_KEY>")
    assert "<API_KEY>" in finding["excerpt"]


def test_the_openapi_document_lists_scan_findings_without_a_matched_text_field(client):
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert set(schemas["PrivacyFinding"]["properties"]) == {
        "severity", "kind", "line", "column", "claim", "place", "excerpt", "replacement"}


def _document_with_secrets_in_wrong_fields() -> str:
    """A valid document whose claim_count holds an API key, whose org_size holds a password
    assignment and one of whose claims names an email address as its confidence."""
    from .helpers import valid_doc
    from otp.oos.document import render
    text = render(valid_doc())
    text = text.replace("claim_count: 3", f"claim_count: {KEY}")
    text = text.replace('org_size: "small"', f'org_size: "password: {PASSWORD}"')
    return text.replace("**Confidence:** HIGH", "**Confidence:** olive.owner@example.com", 1)


def test_validate_quotes_a_wrong_value_back_only_after_the_privacy_scan_redacted_it(tmp_path):
    path = tmp_path / "oos.md"
    path.write_text(_document_with_secrets_in_wrong_fields(), encoding="utf-8")
    text, as_json = runner.invoke(app, ["oos", "validate", str(path)]), \
        runner.invoke(app, ["oos", "validate", str(path), "--json"])
    assert text.exit_code == as_json.exit_code == 1
    for output in (text.output, as_json.output):
        assert_never_echoed(output, *SECRETS, "olive.owner@example.com")
    assert "'claim_count' must be an integer, got '<API_KEY>'" in text.output
    assert "'org_size' is 'password: <SECRET>', expected one of" in text.output
    assert "Confidence is '<EMAIL>', expected one of" in text.output
    messages = [f["message"] for f in json.loads(as_json.output)["findings"]]
    assert "'claim_count' must be an integer, got '<API_KEY>'" in messages


def test_validate_fix_names_the_old_value_it_replaced_redacted(tmp_path):
    path = tmp_path / "oos.md"
    path.write_text(_document_with_secrets_in_wrong_fields(), encoding="utf-8")
    result = runner.invoke(app, ["oos", "validate", str(path), "--fix"])
    assert_never_echoed(result.output, KEY)
    assert "claim_count: '<API_KEY>' -> 3" in result.output
