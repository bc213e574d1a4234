"""A learning captured, then `oos generate` (which renumbers the claims), then the same learning
captured again: the generated claim for it is strengthened to OBSERVED_REPEATEDLY, no duplicate is
appended. Through REST generate and through the CLI's `otp oos generate`."""
from typer.testing import CliRunner

from otp.cli.main import app
from otp.oos.document import parse

from .kit import OOS, export

LEARNING = {"what_failed": "Invoices were sent twice", "do_instead": "Check the ledger before sending",
            "why": "A duplicate invoice costs trust"}


def _learning_claims(org) -> list:
    return [c for c in parse(export(org)).claims if c.rule == LEARNING["do_instead"]]


def test_generating_over_rest_then_repeating_the_learning_keeps_one_claim(org):
    org.ok("POST", f"{OOS}/learnings", LEARNING, status=201)
    org.ok("POST", f"{OOS}/generate")
    second = org.ok("POST", f"{OOS}/learnings", LEARNING, status=201)
    claims = _learning_claims(org)
    assert len(claims) == 1 and claims[0].evidence == "OBSERVED_REPEATEDLY"
    assert second["claim_id"] == claims[0].id


def test_generating_with_the_cli_then_repeating_the_learning_keeps_one_claim(org, database_url):
    org.ok("POST", f"{OOS}/learnings", LEARNING, status=201)
    result = CliRunner().invoke(app, ["oos", "generate", "--database-url", database_url, "--org", org.slug])
    assert result.exit_code == 0, result.output
    org.ok("POST", f"{OOS}/learnings", LEARNING, status=201)
    claims = _learning_claims(org)
    assert len(claims) == 1 and claims[0].evidence == "OBSERVED_REPEATEDLY"
