"""Property-based API fuzzing from our own OpenAPI document: no 5xx, and every answer conforms."""
from __future__ import annotations

import jsonschema
import pytest
import schemathesis
from hypothesis import HealthCheck, settings

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


@pytest.fixture
def api_schema(app, token):
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)

    # The token goes in through schemathesis's own auth, not as headers at call time: schemathesis
    # then knows the credentials, leaves them off the cases whose point is a missing or broken
    # Authorization header (those must answer 401), and judges every other case as sent.
    @schema.auth(refresh_interval=None)
    class Bearer:
        def get(self, case, context):
            return token

        def set(self, case, data, context):
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}
    return schema


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture(autouse=True)
def short_event_streams(monkeypatch):
    # /events/stream runs until the client leaves or MAX_SECONDS pass; the fuzzer reads whole bodies.
    from otp.outbox import stream
    monkeypatch.setattr(stream, "MAX_SECONDS", 0.2)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema_and_never_errors(case, openapi):
    excluded = []
    if case.operation.path == "/api/v1/tokens":
        # A well-formed expires_at in the past is refused with 422 on purpose: a token born expired
        # is a mistake worth naming, though the schema cannot express "in the future".
        excluded = [schemathesis.checks.positive_data_acceptance]
    if case.operation.path.startswith("/api/v1/webhooks"):
        # A well-formed URL whose host is or resolves to a private address ("http://0") is refused
        # with 422 on purpose (SSRF guard, otp.outbox.targets); no schema can say "resolves publicly".
        excluded = [schemathesis.checks.positive_data_acceptance]
    if case.operation.path in ("/api/v1/oos/check", "/api/v1/oos/draft", "/api/v1/oos/import"):
        # A well-formed string that is not a readable OOS document (text starting with "{" that is
        # not the JSON form, say) is refused with 422 naming `text`; no schema can say "parses".
        excluded = [schemathesis.checks.positive_data_acceptance]
    if case.operation.path == "/api/v1/me/briefing":
        # A well-formed string for `since` that is not an ISO time with a zone, lies ahead, or is more
        # than 90 days ago is refused with 422 naming `since`; the schema says only "string".
        excluded = [schemathesis.checks.positive_data_acceptance]
    if case.method.upper() == "POST" and case.operation.path in ("/api/v1/issues", "/api/v1/todos"):
        # A link given by half (linked_id without linked_type, or the reverse) is refused with 422
        # naming the missing field (otp.core.links); no schema can say "both or neither" of two
        # nullable fields.
        excluded = [schemathesis.checks.positive_data_acceptance]
    negative = case.meta is not None and case.meta.generation.mode.is_negative
    if negative and not case.query and not case.path_parameters and _body_is_valid(openapi, case):
        excluded = [*excluded, schemathesis.checks.negative_data_rejection]
    response = case.call_and_validate(excluded_checks=excluded)
    if case.meta is not None and not case.meta.generation.mode.is_negative:
        # The auth above is really sent: a well-formed case never bounces off authentication.
        assert response.status_code != 401, response.text
