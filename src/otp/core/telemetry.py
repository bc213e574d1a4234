"""OpenTelemetry traces, on only when an OTLP endpoint is configured.

`configure()` (called by `create_app`, `otp worker` and `otp mcp`) looks at
OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT). Unset, it returns at once:
no OpenTelemetry SDK is imported, no provider is set, and every call site below pays one check
of the module flag `ENABLED`. Set, it installs a global SDK TracerProvider that batches spans to
the OTLP/HTTP exporter; the SDK reads the other standard variables itself (OTEL_SERVICE_NAME and
OTEL_RESOURCE_ATTRIBUTES, OTEL_EXPORTER_OTLP_HEADERS, OTEL_TRACES_SAMPLER, OTEL_BSP_*, ...);
service.name defaults to "otp". Needs the `telemetry` extra.

What is traced (each span is opened by the face or gate that owns the work, never by a lower
layer reaching up):

- each HTTP request: FastAPI's own server span ("GET /api/v1/seats/{seat_id}", with
  http.request.method, url.path, http.route, http.response.status_code), which follows the
  global provider set here (otp.api.app turns its per-operation child spans off);
- each MCP tool call: `execute_tool {tool}` with the GenAI attributes (`tool_call`, from
  otp.agentface.server), under the MCP SDK's own `tools/call {tool}` span;
- each governance decision: `decide {action}` with effect, rule, action and actor (`decision`,
  from otp.governance.authz.evaluate);
- each worker job: `job {name}` with the count it returned (`job`, from otp.core.jobs.run).

Tests call `install_in_memory()` to trace into an InMemorySpanExporter without any variable.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # never imported at run time unless tracing is on
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import (
        InMemorySpanExporter,
    )

ENDPOINT_VARIABLES = ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
SERVICE_NAME = "otp"

# Read on hot paths (every governance decision): a plain module global, False unless tracing is on.
ENABLED = False
_tracer: Any = None
_provider: Any = None
_memory: Any = None  # the in-memory exporter of install_in_memory


def endpoint_configured(environ: os._Environ | dict | None = None) -> bool:
    env = os.environ if environ is None else environ
    return any(env.get(name) for name in ENDPOINT_VARIABLES)


def configure() -> bool:
    """Turn tracing on if an OTLP endpoint is configured (once per process); whether it is on."""
    if ENABLED or not endpoint_configured():
        return ENABLED
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    provider = _new_provider()
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))  # endpoint, headers, ... from OTEL_*
    install(provider)
    return True


def install(provider: TracerProvider) -> None:
    """Trace into `provider` from now on: OTP's spans, and (as the global provider) FastAPI's and
    the MCP SDK's. The global provider can be set only once per process; later calls keep it."""
    global ENABLED, _tracer, _provider
    from opentelemetry import trace

    from otp import __version__
    if _provider is None:
        trace.set_tracer_provider(provider)
        _provider = provider
    _tracer = _provider.get_tracer("otp", __version__)
    ENABLED = True


def install_in_memory() -> InMemorySpanExporter:
    """For tests: trace into an InMemorySpanExporter (SimpleSpanProcessor, so a span is there as
    soon as it ends), without any environment variable; an empty one on each call. `uninstall()`
    stops it: the provider this makes samples nothing while tracing is off, so FastAPI's and the
    MCP SDK's spans stop too (the global provider cannot be unset)."""
    global _memory
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import (
        InMemorySpanExporter,
    )

    if _memory is None:
        _memory = InMemorySpanExporter()
        provider = _provider or _new_provider(sampler=_while_enabled())
        provider.add_span_processor(SimpleSpanProcessor(_memory))
        install(provider)
    else:
        install(_provider)
    _memory.clear()
    return _memory


def uninstall() -> None:
    """Stop opening OTP's spans (after install_in_memory: and everyone's)."""
    global ENABLED
    ENABLED = False
    if _memory is not None:
        _memory.clear()


def _while_enabled() -> Any:
    from opentelemetry.sdk.trace.sampling import Decision, Sampler, SamplingResult

    class WhileEnabled(Sampler):
        def should_sample(self, parent_context, trace_id, name, kind=None, attributes=None, links=None,
                          trace_state=None) -> SamplingResult:
            return SamplingResult(Decision.RECORD_AND_SAMPLE if ENABLED else Decision.DROP, attributes)

        def get_description(self) -> str:
            return "WhileEnabled"
    return WhileEnabled()


def _new_provider(sampler: Any = None) -> TracerProvider:
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider

    from otp import __version__
    resource = Resource.create({"service.version": __version__})
    if str(resource.attributes.get("service.name", "")).startswith("unknown_service"):
        resource = resource.merge(Resource({"service.name": SERVICE_NAME}))  # OTEL_SERVICE_NAME wins
    return TracerProvider(resource=resource, sampler=sampler)  # None: OTEL_TRACES_SAMPLER decides


# --- spans: call these only when ENABLED ------------------------------------------------------
class Span:
    """The few things call sites do to a span, so they never import OpenTelemetry themselves."""
    __slots__ = ("span",)

    def __init__(self, span: Any) -> None:
        self.span = span

    def set(self, attributes: dict[str, Any]) -> None:
        self.span.set_attributes({k: v for k, v in attributes.items() if v is not None})

    def fail(self, error_type: str, message: str | None = None) -> None:
        from opentelemetry.trace import StatusCode
        self.span.set_attribute("error.type", error_type)
        self.span.set_status(StatusCode.ERROR, message)


@contextmanager
def _span(name: str, attributes: dict[str, Any]) -> Iterator[Span]:
    """A current (internal) span; an exception escaping it sets error.type to its class."""
    with _tracer.start_as_current_span(name, record_exception=False, set_status_on_exception=False) as span:
        handle = Span(span)
        handle.set(attributes)
        try:
            yield handle
        except BaseException as exc:
            span.record_exception(exc)
            handle.fail(type(exc).__qualname__, str(exc))
            raise


def tool_call(tool: str, request_id: Any = None) -> AbstractContextManager[Span]:
    """`execute_tool {tool}`: the GenAI semantic conventions' span for running one tool. MCP
    carries no model tool-call id, so gen_ai.tool.call.id is left out; the JSON-RPC request id is
    there as jsonrpc.request.id. The caller sets otp.tool.status and, for a tool error, error.type."""
    return _span(f"execute_tool {tool}", {
        "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": tool, "gen_ai.tool.type": "function",
        "jsonrpc.request.id": None if request_id is None else str(request_id)})


def decision(action: str, actor: Any) -> AbstractContextManager[Span]:
    """`decide {action}`; the caller sets otp.decision.effect and otp.decision.rule."""
    return _span(f"decide {action}", {"otp.action": action, "otp.actor.kind": actor.kind,
                                      "otp.actor.id": actor.id, "otp.org.id": actor.org_id})


def job(name: str) -> AbstractContextManager[Span]:
    """`job {name}`: one run of a periodic worker task; the caller sets otp.job.count."""
    return _span(f"job {name}", {"otp.job.name": name})
