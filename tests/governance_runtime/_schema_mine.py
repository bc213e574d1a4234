import pytest
import schemathesis
from hypothesis import HealthCheck, settings


@pytest.fixture
def api_schema(app):
    return schemathesis.openapi.from_asgi("/openapi.json", app).include(
        path_regex=r"^/api/v1/(governance|approvals|escalations|me/|agents/\{agent_id\}/)")


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture
def token(org):
    org.root()
    return org.token


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_mine(case, token):
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"})
