"""With several organizations, `otp use SLUG` (kept in the data folder), OTP_ORG or --org picks
the one a command acts on — --org first, then OTP_ORG, then `otp use` — and every command says
on stderr which one it acts on, leaving --json stdout clean."""
import pytest

from tests.cli.kit import otp, otp_json, two_orgs


@pytest.fixture
def url(isolated_db, tmp_path, monkeypatch):
    monkeypatch.setenv("OTP_DATA_DIR", str(tmp_path))
    two_orgs(isolated_db.url)
    return isolated_db.url


def test_without_a_choice_a_command_names_the_three_ways_to_choose(url):
    result = otp(url, "agent", "list")
    assert result.exit_code == 2 and "otp use SLUG" in result.stderr and "OTP_ORG" in result.stderr
    assert "acme, globex" in result.stderr


def test_otp_use_is_kept_and_every_command_says_which_organization_it_acts_on(url, tmp_path):
    assert otp(url, "use", "globex").exit_code == 0
    assert (tmp_path / "org").read_text().strip() == "globex"
    result = otp(url, "agent", "create", "Scout", "--json")
    assert result.exit_code == 0 and "organization: globex (Globex; chosen by otp use)" in result.stderr
    assert [a["name"] for a in otp_json(url, "agent", "list")] == ["Scout"]
    assert otp_json(url, "agent", "list", "--org", "acme") == []
    assert otp_json(url, "use")["chosen"] == "globex"


def test_otp_org_wins_over_otp_use_and_the_flag_wins_over_both(url):
    otp(url, "use", "globex")
    env = {"OTP_ORG": "acme"}
    result = otp(url, "agent", "create", "Scout", env=env)
    assert result.exit_code == 0 and "organization: acme (Acme; chosen by OTP_ORG)" in result.stderr
    assert "chosen by --org, over OTP_ORG acme" in otp(url, "agent", "list", "--org", "globex", env=env).stderr
    assert [a["name"] for a in otp_json(url, "agent", "list", "--org", "acme", env=env)] == ["Scout"]
    assert otp_json(url, "agent", "list", "--org", "globex", env=env) == []


def test_an_unknown_slug_is_refused_naming_where_it_came_from_and_nothing_is_kept(url, tmp_path):
    result = otp(url, "use", "initech")
    assert result.exit_code == 2 and "no organization with slug 'initech'" in result.stderr
    assert not (tmp_path / "org").exists()
    result = otp(url, "agent", "list", env={"OTP_ORG": "initech"})
    assert result.exit_code == 2 and "chosen by OTP_ORG" in result.stderr


def test_use_clear_forgets_the_choice(url, tmp_path):
    otp(url, "use", "acme")
    assert otp(url, "use", "--clear").exit_code == 0 and not (tmp_path / "org").exists()
    assert otp(url, "agent", "list").exit_code == 2
