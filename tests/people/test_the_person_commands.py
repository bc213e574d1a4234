"""`otp person …` drives the same services: invite (printing the link when no mail is set up),
invitations, resend, revoke, list, role, deactivate, reactivate; errors name the field."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from otp.cli.main import app as cli

runner = CliRunner()


def _otp(url, *args):
    return runner.invoke(cli, [*args, "--database-url", url])


def test_inviting_listing_and_managing_people_from_the_terminal(isolated_db, monkeypatch):
    monkeypatch.delenv("OTP_SMTP_URL", raising=False)
    url = isolated_db.url
    assert _otp(url, "init", "--name", "Acme", "--slug", "acme", "--owner-email", "boss@acme.test",
                "--owner-password", "secret-pw").exit_code == 0
    invited = _otp(url, "person", "invite", "kim@acme.test", "--role", "admin")
    assert invited.exit_code == 0 and "[acme] invited kim@acme.test as admin" in invited.output
    assert "/join/" in invited.output
    [row] = json.loads(_otp(url, "person", "invitations", "--json").output)
    assert row["state"] == "pending" and row["link"] is None
    resent = _otp(url, "person", "resend", row["id"])
    assert resent.exit_code == 0 and "/join/" in resent.output
    assert _otp(url, "person", "revoke", row["id"]).exit_code == 0
    again = _otp(url, "person", "revoke", row["id"])
    assert again.exit_code == 1 and "(invitation_id)" in again.output
    [boss] = json.loads(_otp(url, "person", "list", "--json").output)
    assert boss["role"] == "owner" and boss["status"] == "active"
    last = _otp(url, "person", "role", boss["id"], "member")
    assert last.exit_code == 1 and "last owner" in last.output and "(role)" in last.output
    bad = _otp(url, "person", "invite", "not-an-email")
    assert bad.exit_code == 1 and "(email)" in bad.output
