"""High privacy findings (names, emails) publish only with an explicit acknowledgement, recorded on
the published event (who, which findings, never the matched text); without it publishing is a 409
naming `acknowledge` and nothing changes. REST and the CLI."""
from typer.testing import CliRunner

from otp.cli.main import app

from .kit import OOS, import_fixture


def _with_an_email(org) -> None:
    import_fixture(org)
    org.ok("PATCH", f"{OOS}/draft/claims/C001", {"rule": "One seat, one owner; write to ops@example.com."})


def test_rest_refuses_without_acknowledge_and_records_who_acknowledged(org):
    _with_an_email(org)
    before = org.event_count()
    refused = org.call("POST", f"{OOS}/publish")
    assert refused.status_code == 409 and refused.json()["error"]["field"] == "acknowledge"
    assert "ops@example.com" not in refused.text and org.event_count() == before
    org.ok("POST", f"{OOS}/publish", {"acknowledge": True}, status=201)
    [event] = org.events("oos.published")
    assert event.payload["acknowledged"]["by"]["id"] == org.owner_id
    assert event.payload["acknowledged"]["findings"][0]["kind"] == "email" and "ops@" not in str(event.payload)


def test_the_cli_publishes_high_findings_only_with_acknowledge(org, database_url):
    _with_an_email(org)
    args = ["oos", "publish", "--database-url", database_url, "--org", org.slug]
    assert CliRunner().invoke(app, args).exit_code != 0 and not org.events("oos.published")
    assert CliRunner().invoke(app, [*args, "--acknowledge"]).exit_code == 0
    assert org.events("oos.published")[0].payload["acknowledged"]["findings"]
