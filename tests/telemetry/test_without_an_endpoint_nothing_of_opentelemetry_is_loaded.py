"""Without OTEL_EXPORTER_OTLP_ENDPOINT, OTP loads no OpenTelemetry SDK or exporter and sets no
provider: after building the app and serving a request, only the API package that FastAPI and
the MCP SDK import themselves is there, unconfigured. Run in a fresh interpreter, so the other
tests' imports cannot hide a stray one. (The bare `opentelemetry` API cannot be absent: FastAPI
and the MCP SDK import it unconditionally.)"""
import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import json, sys, tempfile
from pathlib import Path
from fastapi.testclient import TestClient
from otp.api.app import create_app
from otp.core import telemetry
from otp.core.config import Settings
from otp.core.migrate import upgrade
from opentelemetry import trace
d = Path(tempfile.mkdtemp())
url = f"sqlite:///{d}/otp.db"
upgrade(url)
with TestClient(create_app(Settings(database_url=url, data_dir=d, secret_key="k"))) as c:
    assert c.get("/api/v1/health").status_code == 200
print(json.dumps({"enabled": telemetry.ENABLED, "provider": type(trace.get_tracer_provider()).__name__,
                  "loaded": sorted(m for m in sys.modules if m.startswith("opentelemetry"))}))
"""


def test_without_an_endpoint_no_sdk_no_exporter_and_no_provider(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("OTEL_")}
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).parents[2] / "src"), env.get("PYTHONPATH", "")])
    out = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stderr[-2000:]
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["enabled"] is False and seen["provider"] == "ProxyTracerProvider"
    assert not [m for m in seen["loaded"] if m.startswith(("opentelemetry.sdk", "opentelemetry.exporter",
                                                          "opentelemetry.proto"))]
