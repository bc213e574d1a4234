"""Authentication comes before judging the query: a caller without credentials gets 401 (with
WWW-Authenticate), never a 422 that tells it which parameter is wrong; with its token the same
query is refused with the 422 naming the parameter. Public routes still judge their query."""
import pytest

BAD_QUERIES = ["/api/v1/events?since=a%00b", "/api/v1/me/briefing?since=a%00b", "/api/v1/escalations?nope=1"]


@pytest.mark.parametrize("path", BAD_QUERIES)
def test_a_bad_query_without_credentials_is_a_401(org, path):
    anonymous = org.client.get(path)
    assert anonymous.status_code == 401, anonymous.text
    assert anonymous.headers["www-authenticate"].startswith("Bearer")
    with_token = org.get(path)
    assert with_token.status_code == 422, with_token.text
    assert with_token.json()["error"]["field"] in ("since", "nope")


def test_a_public_route_still_refuses_an_unknown_query_parameter(org):
    refused = org.client.get("/api/v1/health?nope=1")
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "nope"
