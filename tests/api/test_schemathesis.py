"""Property-based API fuzzing from our own OpenAPI document: no 5xx, and every answer conforms."""
from __future__ import annotations

import copy

import jsonschema
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.generation import GenerationMode

from otp.core import validate
from otp.org.schemas import NO_NUL, SOME_LINE, SOME_TEXT

# Every route of every domain: minutes, not seconds, so it is opt-in (slow) and gets its own timeout.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(2400)]


@pytest.fixture
def token(org):
    org.root()
    return org.token


@pytest.fixture
def openapi(app):
    return app.openapi()


def _body_is_valid(openapi: dict, case) -> bool:
    """Whether the JSON body sent is in fact valid for the operation. Schemathesis's negative mode
    sometimes "breaks" one branch of an anyOf/oneOf into a value another branch accepts (e.g. a
    nullable string's null turned into a valid string) and then flags the 200 as accepting bad
    data; a body the schema accepts is not negative data, whatever mode produced it."""
    if not isinstance(case.body, (dict, list)):
        return False
    operation = openapi["paths"].get(case.operation.path, {}).get(case.method.lower(), {})
    body_schema = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
    if body_schema is None:
        return False
    root = {**body_schema, "components": openapi.get("components", {})}
    return jsonschema.Draft202012Validator(root).is_valid(case.body)


def _with_bearer(loaded, token):
    # The token goes in through schemathesis's own auth, not as headers at call time: schemathesis
    # then knows the credentials, leaves them off the cases whose point is a missing or broken
    # Authorization header (those must answer 401), and judges every other case as sent.
    @loaded.auth(refresh_interval=None)
    class Bearer:
        def get(self, case, context):
            return token

        def set(self, case, data, context):
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}
    return loaded


def _single_lines_relaxed(node):
    """The document with every single-line pattern (otp.core.validate.line, published on texts of
    at most 500 characters) put back to the plain no-NUL patterns. Only for negative mode: to break
    the line rule, the generator must draw strings with one of ~15 rare code points, by filtering
    random text, and spent tens of minutes per operation doing so. The rule's refusals are tested
    directly (tests of otp.core.validate and of the services); acceptance of everything the full
    document allows is the positive test's, which keeps the patterns."""
    lines = {validate.LINE_PATTERN: NO_NUL, SOME_LINE: SOME_TEXT}
    if isinstance(node, dict):
        return {key: (lines.get(value, value) if key == "pattern" and isinstance(value, str)
                      else _single_lines_relaxed(value)) for key, value in node.items()}
    if isinstance(node, list):
        return [_single_lines_relaxed(item) for item in node]
    return node


@pytest.fixture
def api_schema(app, token):
    loaded = schemathesis.openapi.from_asgi("/openapi.json", app)
    loaded.config.generation.update(modes=[GenerationMode.POSITIVE])
    return _with_bearer(loaded, token)


@pytest.fixture
def api_schema_negative(app, token, openapi):
    loaded = schemathesis.openapi.from_dict(_single_lines_relaxed(copy.deepcopy(openapi)))
    loaded.app = app
    loaded.config.generation.update(modes=[GenerationMode.NEGATIVE])
    return _with_bearer(loaded, token)


schema = schemathesis.pytest.from_fixture("api_schema")
# /health takes no parameters, no body and no credentials: there is nothing to send wrong.
schema_negative = schemathesis.pytest.from_fixture("api_schema_negative").exclude(path="/api/v1/health")


@pytest.fixture(autouse=True)
def short_event_streams(monkeypatch):
    # /events/stream runs until the client leaves or MAX_SECONDS pass; the fuzzer reads whole bodies.
    from otp.outbox import stream
    monkeypatch.setattr(stream, "MAX_SECONDS", 0.2)


# Operations that refuse some schema-valid bodies with a 422 naming the field, on purpose: each rule
# below is one the OpenAPI schema cannot express. The positive-data check is off for these only.
# Keys are (method or None for every method, path); values say why.
SEMANTIC_REFUSALS = {
    (None, "/api/v1/tokens"):
        "a well-formed expires_at in the past is refused: a token born expired is a mistake worth "
        "naming, though the schema cannot express 'in the future'",
    (None, "/api/v1/webhooks"):
        "a well-formed URL whose host is or resolves to a private address ('http://0') is refused "
        "(SSRF guard, otp.outbox.targets); no schema can say 'resolves publicly'",
    (None, "/api/v1/webhooks/{webhook_id}"): "as /api/v1/webhooks",
    (None, "/api/v1/oos/check"):
        "a well-formed string that is not a readable OOS document is refused naming `text`; no "
        "schema can say 'parses'",
    (None, "/api/v1/oos/draft"): "as /api/v1/oos/check",
    (None, "/api/v1/oos/import"): "as /api/v1/oos/check",
    (None, "/api/v1/me/briefing"):
        "`since` that is not an ISO time with a zone, lies ahead, or is more than 90 days ago is "
        "refused; the schema says only 'string'",
    ("POST", "/api/v1/issues"):
        "a link given by half (linked_id without linked_type, or the reverse) is refused naming the "
        "missing field (otp.core.links); no schema can say 'both or neither' of two nullable fields",
    ("POST", "/api/v1/todos"): "as POST /api/v1/issues",
    ("POST", "/api/v1/organizations"):
        "a timezone is a string shaped like an IANA name and checked against the tz database; the "
        "schema documents the format instead of listing ~600 names client generators cannot digest",
    ("PATCH", "/api/v1/organizations/{org_id}"): "as POST /api/v1/organizations",
    ("POST", "/api/v1/meetings/series"): "as POST /api/v1/organizations",
    ("PATCH", "/api/v1/meetings/series/{series_id}"): "as POST /api/v1/organizations",
    (None, "/api/v1/governance/policy/preview"):
        "a preview of no change at all ({}) is refused naming `policy`: there is nothing to preview; "
        "the body is the policy PATCH's schema, where {} is a valid (governed) no-op",
    (None, "/api/v1/people/{person_id}/deactivate"):
        "reassign_to and vacate are two answers to one question (what happens to the person's "
        "seats): both at once is refused naming `reassign_to`; no schema says 'not both'",
    (None, "/api/v1/agents/{agent_id}/runtime"):
        "which fields apply depends on the adapter (command, workdir and env belong to `command`, "
        "url to `http`): another adapter's field is refused naming it",
    (None, "/api/v1/imports"):
        "the CSV must carry the columns its kind needs (a chart import without a `seat` column is "
        "refused naming `seat`, with every line's error); no schema can read inside the CSV text",
}


def _refuses_some_valid_bodies(case) -> bool:
    path = case.operation.path
    return (None, path) in SEMANTIC_REFUSALS or (case.method.upper(), path) in SEMANTIC_REFUSALS


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_accepts_what_its_schema_allows_conforms_and_never_errors(case):
    excluded = [schemathesis.checks.positive_data_acceptance] if _refuses_some_valid_bodies(case) else []
    response = case.call_and_validate(excluded_checks=excluded)
    # The auth above is really sent: a well-formed case never bounces off authentication.
    assert response.status_code != 401, response.text


@schema_negative.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_refuses_what_its_schema_forbids_and_never_errors(case, openapi):
    excluded = []
    if not case.query and not case.path_parameters and _body_is_valid(openapi, case):
        excluded = [schemathesis.checks.negative_data_rejection]
    case.call_and_validate(excluded_checks=excluded)
