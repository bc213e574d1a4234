"""Each HTTP request is one server span named by method and route template, not by the path
(whose ids would make every name unique), holding the standard HTTP attributes."""
from opentelemetry.trace import SpanKind

from tests.telemetry.kit import attrs, named, one


def test_reading_a_seat_is_one_span_named_by_the_route_template(org, spans):
    seat = org.seat("Ops")
    spans.clear()
    org.ok("GET", f"/api/v1/seats/{seat['id']}")
    request = one(spans, "GET /api/v1/seats/{seat_id}")
    assert request.kind == SpanKind.SERVER
    a = attrs(request)
    assert (a["http.request.method"], a["url.path"], a["http.route"], a["http.response.status_code"]) == \
        ("GET", f"/api/v1/seats/{seat['id']}", "/api/v1/seats/{seat_id}", 200)
    assert not [s for s in spans.get_finished_spans() if s.name.startswith("fastapi.")]  # no per-operation spans


def test_a_refused_request_keeps_its_status(org, spans):
    org.call("GET", "/api/v1/seats/seat_missing")
    assert attrs(one(spans, "GET /api/v1/seats/{seat_id}"))["http.response.status_code"] == 404


def test_with_tracing_off_again_nothing_is_recorded(org, spans):
    from otp.core import telemetry
    telemetry.uninstall()
    org.ok("GET", "/api/v1/health")
    assert not named(spans, "GET /api/v1/health") and not spans.get_finished_spans()
