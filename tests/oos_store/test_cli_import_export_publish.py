import json

from typer.testing import CliRunner

from otp.cli.main import app

from .kit import FIXTURE, SECRET, fixture_text

runner = CliRunner()


def otp(database_url, org, *args):
    return runner.invoke(app, ["oos", *map(str, args), "--database-url", database_url, "--org", org.slug])


def test_import_publish_and_export_round_trip_the_fixture(org, database_url, tmp_path):
    assert otp(database_url, org, "import", FIXTURE).exit_code == 0
    published = otp(database_url, org, "publish", "--json")
    assert published.exit_code == 0 and json.loads(published.output)["number"] == 1
    out = tmp_path / "v1.oos.md"
    assert otp(database_url, org, "export", "--version", "1", "-o", out).exit_code == 0
    assert out.read_text(encoding="utf-8") == fixture_text()


def test_export_as_json_prints_the_json_form(org, database_url):
    otp(database_url, org, "import", FIXTURE)
    result = otp(database_url, org, "export", "--format", "json")
    assert result.exit_code == 0 and json.loads(result.output)["format"] == "oos+json"


def test_publish_refuses_a_secret_with_exit_1_and_redact_fixes_it(org, database_url, tmp_path):
    leaky = tmp_path / "leaky.oos.md"
    leaky.write_text(fixture_text() + f"\n{SECRET}\n", encoding="utf-8")
    otp(database_url, org, "import", leaky)
    refused = otp(database_url, org, "publish")
    assert refused.exit_code == 1 and "critical privacy finding" in refused.output
    assert otp(database_url, org, "redact", "--min-severity", "critical").exit_code == 0
    assert otp(database_url, org, "publish").exit_code == 0


def test_a_claude_md_imports_as_a_draft_of_claims(org, database_url, tmp_path):
    claude = tmp_path / "CLAUDE.md"
    claude.write_text("# Rules\n\n- Always run the tests before you commit.\n- Never push to main directly.\n")
    result = otp(database_url, org, "import", claude, "--json")
    assert result.exit_code == 0 and json.loads(result.output)["claim_count"] == 2


def test_generate_writes_a_draft_from_the_live_organization(org, database_url):
    org.root()
    result = otp(database_url, org, "generate", "--json")
    assert result.exit_code == 0 and json.loads(result.output)["state"] == "draft"
