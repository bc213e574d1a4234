"""`otp oos validate|score|diff|scan` read the organization's stored OOS when no file is given
(the same read-outs as REST), and `validate --fix` fixes the stored draft as one oos.edit."""
import json

from typer.testing import CliRunner

from otp.cli.main import app
from otp.oos.document import parse

from .helpers import fixture_text
from .kit import OOS, export, import_fixture

runner = CliRunner()


def otp(database_url, org, *args):
    return runner.invoke(app, ["oos", *map(str, args), "--database-url", database_url, "--org", org.slug])


def test_validate_reports_the_stored_drafts_findings_with_lines(org, database_url):
    import_fixture(org)
    result = otp(database_url, org, "validate")
    assert result.exit_code == 1
    assert f"{org.slug}:draft:16: error: confidence_distribution.high declares 10, the claims have 17" in result.output
    report = json.loads(otp(database_url, org, "validate", "--json").output)
    assert report["errors"] == 8 and report["version"]["state"] == "draft"
    assert report["findings"] == org.ok("GET", f"{OOS}/validate")["findings"]


def test_validate_fix_recomputes_the_drafts_counts_once(org, database_url):
    import_fixture(org)
    result = otp(database_url, org, "validate", "--fix", "--json")
    assert result.exit_code == 0 and json.loads(result.output)["errors"] == 0
    fm = parse(export(org)).frontmatter
    assert (fm.claim_count, fm.confidence_distribution) == (24, {"high": 17, "medium": 7, "low": 0})
    body, before = export(org).split("---\n", 2)[2], fixture_text().split("---\n", 2)[2]
    assert body.split("## Confidence Map")[0] == before.split("## Confidence Map")[0]  # only the map is rewritten
    assert otp(database_url, org, "validate", "--fix").exit_code == 0
    assert len(org.events("oos.draft_fixed")) == 1  # the second fix found nothing to change


def test_fixing_a_published_version_is_refused(org, database_url):
    import_fixture(org, publish=True)
    assert otp(database_url, org, "validate", "--version", "1", "--fix").exit_code == 2


def test_score_of_a_stored_version_takes_maturity_from_the_platforms_observations(org, database_url):
    import_fixture(org, publish=True)  # an organization that runs no agents yet, whatever its file claims
    data = json.loads(otp(database_url, org, "score", "--version", "latest", "--json").output)
    assert data["version"]["number"] == 1 and data["quality"]["tier"] == "Gold"
    assert data["maturity"]["observed"]["agents_active"] == 0 and data["maturity"]["level"] == 0
    assert data["maturity"]["basis"] == "runtime" and data["maturity"]["levels"][0]["status"] == "claimed, not observed"
    text = otp(database_url, org, "score").output
    assert "tier: Gold (2.71 / 4)" in text and "bottleneck: L1 Tab Complete" in text
    assert "(claimed, not observed) AI platforms listed: claude" in text


def test_diff_without_files_compares_stored_versions(org, database_url):
    import_fixture(org, publish=True)
    org.ok("PATCH", f"{OOS}/draft/claims/C003", {"confidence": "LOW"})
    data = json.loads(otp(database_url, org, "diff", "--from", "1", "--to", "draft", "--json").output)
    assert data["modified"] == [{"id": "C003", "changes": [{"field": "confidence", "old": "HIGH", "new": "LOW"}]}]
    assert "~ C003 modified: confidence" in otp(database_url, org, "diff").output


def test_scan_of_the_stored_draft_names_the_charts_people_and_redacts_a_copy(org, database_url, tmp_path):
    org.ok("POST", f"{OOS}/import", {"text": "# Notes\n\nOlive Owner approves. Key AKIAIOSFODNN7EXAMPLE\n"},
           status=201)
    out = tmp_path / "clean.md"
    result = otp(database_url, org, "scan", "--redact", out, "--json")
    assert result.exit_code == 1
    kinds = [(f["line"], f["kind"]) for f in json.loads(result.output)["findings"]]
    assert kinds == [(3, "person_name"), (3, "aws_access_key")]
    assert out.read_text() == "# Notes\n\n<PERSON_1> approves. Key <API_KEY>\n"


def test_export_takes_json_like_every_command(org, database_url):
    import_fixture(org)
    assert json.loads(otp(database_url, org, "export", "--json").output)["format"] == "oos+json"
