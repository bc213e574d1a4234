"""With OTEL_EXPORTER_OTLP_ENDPOINT set, a fresh `create_app` exports its spans over OTLP/HTTP
to that endpoint, under service.name "otp" (a receiver on 127.0.0.1 decodes what arrives)."""
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

from tests.telemetry.test_without_an_endpoint_nothing_of_opentelemetry_is_loaded import SCRIPT


def test_a_request_reaches_the_collector_as_a_span_of_service_otp(tmp_path):
    received: list[tuple[str, bytes]] = []

    class Collector(BaseHTTPRequestHandler):
        def do_POST(self):
            received.append((self.path, self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass
    server = HTTPServer(("127.0.0.1", 0), Collector)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = {k: v for k, v in os.environ.items() if not k.startswith("OTEL_")}
    env["OTEL_EXPORTER_OTLP_ENDPOINT"] = f"http://127.0.0.1:{server.server_port}"
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).parents[2] / "src"), env.get("PYTHONPATH", "")])
    try:
        out = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120, check=False)
    finally:
        server.shutdown()
    assert out.returncode == 0, out.stderr[-2000:]
    assert received and {path for path, _ in received} == {"/v1/traces"}
    names, services = set(), set()
    for _, body in received:
        request = ExportTraceServiceRequest.FromString(body)
        for rs in request.resource_spans:
            services |= {a.value.string_value for a in rs.resource.attributes if a.key == "service.name"}
            names |= {span.name for ss in rs.scope_spans for span in ss.spans}
    assert services == {"otp"} and "GET /api/v1/health" in names
