"""The token a run receives works during the run only: afterwards it is a 401."""
from pathlib import Path

from tests.runs.kit import crew


def test_a_run_token_used_after_its_run_ended_is_401(org, tmp_path):
    c = crew(org)
    c.script("import os; open('token.txt', 'w').write(os.environ['OTP_TOKEN'])", workdir=str(tmp_path / "agent"))
    c.wake()
    c.step()
    [run] = c.finished()
    token = Path(tmp_path / "agent" / "token.txt").read_text()
    assert run.state == "succeeded" and token.startswith("otp_")
    answer = org.get("/api/v1/me/briefing", token=token)
    assert (answer.status_code, answer.json()["error"]["message"]) == (401, "token revoked")
