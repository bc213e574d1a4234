import json

from typer.testing import CliRunner

from otp.oos.cli import app
from otp.oos.document import parse

from .helpers import FIXTURE, fixture_text
from .test_instructions import CLAUDE_MD
from .test_scan import CORPUS

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def copy_fixture(tmp_path, name="org.oos.md"):
    path = tmp_path / name
    path.write_text(fixture_text(), encoding="utf-8")
    return path


def test_validate_reports_fixture_errors_with_lines_and_exits_1():
    result = run("validate", FIXTURE)
    assert result.exit_code == 1
    assert f"{FIXTURE}:16: error: confidence_distribution.high declares 10, the claims have 17" in result.output
    assert "invalid: 8 error(s), 9 warning(s)" in result.output


def test_validate_fix_rewrites_counts_and_then_passes(tmp_path):
    path = copy_fixture(tmp_path)
    result = run("validate", path, "--fix", "--json")
    report = json.loads(result.output)
    assert result.exit_code == 0 and report["valid"] and report["errors"] == 0
    assert parse(path.read_text()).frontmatter.claim_count == 24
    assert parse(path.read_text()).frontmatter.evidence_distribution["measured_result"] == 8


def test_score_prints_tier_sub_scores_and_maturity_as_json():
    result = run("score", FIXTURE, "--json")
    data = json.loads(result.output)
    assert result.exit_code == 0
    assert data["quality"]["tier"] == "Gold" and data["quality"]["failure_knowledge"] == 2
    assert data["maturity"]["level"] == 4 and data["maturity"]["bottleneck"]["name"] == "MCP & Skills"


def test_diff_of_organizations_prints_a_summary():
    result = run("diff", FIXTURE, FIXTURE)
    assert result.exit_code == 0 and "summary: DUPLICATE 24, SIMILAR 0, UNIQUE_TO_A 0, UNIQUE_TO_B 0" in result.output


def test_diff_of_versions_lists_field_changes(tmp_path):
    newer = tmp_path / "v2.oos.md"
    newer.write_text(fixture_text().replace("- **Confidence:** HIGH\n- **Evidence:** HUMAN_DEFINED_RULE", "- **Confidence:** LOW\n- **Evidence:** HUMAN_DEFINED_RULE", 1))
    data = json.loads(run("diff", FIXTURE, newer, "--versions", "--json").output)
    assert data["modified"] == [{"id": "C003", "changes": [{"field": "confidence", "old": "HIGH", "new": "LOW"}]}]


def test_scan_exits_1_on_critical_findings_and_writes_a_redacted_copy(tmp_path):
    source, out = tmp_path / "notes.md", tmp_path / "clean.md"
    source.write_text(CORPUS, encoding="utf-8")
    result = run("scan", source, "--redact", out, "--names", "Dana Whitfield,Omar Haddad", "--json")
    assert result.exit_code == 1 and json.loads(result.output)["critical"] is True
    assert "AKIAIOSFODNN7EXAMPLE" not in out.read_text() and "<PERSON_1>" in out.read_text()
    assert "AKIAIOSFODNN7EXAMPLE" not in result.output and "Dana Whitfield" not in result.output
    assert run("scan", out, "--names", "Dana Whitfield").exit_code == 0


def test_scan_of_the_fixture_exits_0():
    assert run("scan", FIXTURE).exit_code == 0


def test_convert_to_json_and_back_is_lossless(tmp_path):
    as_json = tmp_path / "org.json"
    assert run("convert", FIXTURE, "--to", "json", "-o", as_json).exit_code == 0
    back = run("convert", as_json, "--to", "md")
    assert back.exit_code == 0 and back.output == fixture_text()


def test_from_instructions_writes_a_draft(tmp_path):
    source, out = tmp_path / "AGENTS.md", tmp_path / "draft.oos.md"
    source.write_text(CLAUDE_MD, encoding="utf-8")
    result = run("from-instructions", source, "-o", out)
    assert result.exit_code == 0 and "5 claims, 2 entities" in result.output
    assert parse(out.read_text()).claims[0].provenance.startswith("Imported from AGENTS.md line")


def test_usage_errors_exit_2():
    assert run("validate", "/no/such/file.md").exit_code == 2
    assert run("convert", FIXTURE, "--to", "xml").exit_code == 2
    assert run("diff", FIXTURE).exit_code == 2                  # one file: neither files nor stored versions
    assert run("score", "--version", "first").exit_code == 2    # refused before any database is opened
    assert run("diff", "--from", "v1").exit_code == 2


def test_an_unreadable_document_is_a_validation_error(tmp_path):
    path = tmp_path / "broken.md"
    path.write_text("---\noos_version: [1\n---\n")
    result = run("validate", path, "--json")
    assert result.exit_code == 1 and json.loads(result.output)["findings"][0]["code"] == "document.unreadable"
