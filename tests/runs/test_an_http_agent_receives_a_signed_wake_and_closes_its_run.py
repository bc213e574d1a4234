"""The http adapter: a Standard-Webhooks-signed wake to an agent on 127.0.0.1 (private targets
allowed by the operator's switch), which verifies it with the `standardwebhooks` package, works
with the run token it received, and closes its run."""
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from standardwebhooks import Webhook

from otp.client import OTPClient
from otp.outbox.targets import ALLOW_ENV
from tests.runs.kit import crew, live  # noqa: F401 - fixture


class HttpAgent:
    """An agent that answers 202 to a verified wake, then works and closes its run."""

    def __init__(self):
        self.secret, self.verified, self.briefings = None, [], []
        agent = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers["content-length"]))
                wake = Webhook(agent.secret).verify(body, {k.lower(): v for k, v in self.headers.items()})
                agent.verified.append(wake)
                self.send_response(202)
                self.send_header("content-length", "0")
                self.end_headers()
                threading.Thread(target=agent.work, args=(wake["data"],)).start()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/wake"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def work(self, wake: dict) -> None:
        with OTPClient(wake["otp_url"], wake["token"]) as otp:
            self.briefings.append(otp.briefing())
            otp.finish_run(wake["run_id"], "succeeded", "read the briefing")


@pytest.fixture
def http_agent(monkeypatch):
    monkeypatch.setenv(ALLOW_ENV, "1")
    agent = HttpAgent()
    yield agent
    agent.server.shutdown()


def test_an_http_agent_verifies_its_wake_and_closes_its_run(org, live, http_agent):  # noqa: F811
    c = crew(org)
    answer = org.ok("PUT", f"/api/v1/agents/{c.agent_id}/runtime", {"adapter": "http", "url": http_agent.url})
    http_agent.secret = answer["secret"]
    woken = c.wake()
    c.step()
    run = c.wait_for(lambda: (r := c.run(woken["id"])).state != "running" and r)
    assert (run.state, run.detail) == ("succeeded", "read the briefing")
    [wake] = http_agent.verified
    assert (wake["type"], wake["data"]["run_id"], wake["data"]["reason"]) == ("agent.wake", run.id, "run_now")
    assert http_agent.briefings[0]["actor"]["id"] == c.agent_id
    after = org.get("/api/v1/me/briefing", token=wake["data"]["token"])
    assert after.status_code == 401  # the run is closed: so is its token
