"""A person in a browser who meets an error gets a page of the product (what happened, what to do
next, the navigation when signed in); API clients, MCP and anything asking for JSON keep the one
JSON error shape."""
from __future__ import annotations

from fastapi.testclient import TestClient

from otp.core.errors import Forbidden
from tests.web.kit import web

HTML = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def test_an_unknown_address_answers_a_browser_with_a_404_page_that_keeps_the_navigation(demo_db):
    with web(demo_db) as k:
        page = k.get("/no/such/page", headers=HTML)
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "There is nothing at this address" in page.text
    assert 'href="/chart/diagram"' in page.text  # the signed-in navigation is there
    assert '"not_found"' not in page.text  # not the JSON error


def test_an_unknown_address_answers_a_signed_out_browser_with_a_page_too(demo_db):
    with web(demo_db) as k:
        k.client.cookies.clear()
        page = k.get("/no/such/page", headers=HTML)
    assert page.status_code == 404 and "There is nothing at this address" in page.text


def test_api_and_json_clients_keep_the_json_error_even_when_they_accept_html(demo_db):
    with web(demo_db) as k:
        api = k.get("/api/v1/no-such-thing", headers=HTML)
        json_client = k.get("/no/such/page", headers={"accept": "application/json"})
    assert api.status_code == 404 and api.json()["error"]["code"] == "not_found"
    assert json_client.status_code == 404 and json_client.json()["error"]["code"] == "not_found"


def test_a_refusal_on_a_page_is_a_403_page_naming_why(demo_db):
    with web(demo_db) as k:
        def refused():
            raise Forbidden("only an owner may open the vault")
        k.client.app.add_api_route("/vault", refused, include_in_schema=False)
        page = k.get("/vault", headers=HTML)
    assert page.status_code == 403
    assert "You may not do that here" in page.text and "only an owner may open the vault" in page.text


def test_a_failure_inside_the_server_is_a_500_page_that_shows_nothing_internal(demo_db):
    with web(demo_db) as k:
        def broken():
            raise RuntimeError("SELECT secret FROM internals")
        k.client.app.add_api_route("/broken", broken, include_in_schema=False)
        client = TestClient(k.client.app, raise_server_exceptions=False, cookies=k.client.cookies)
        page = client.get("/broken", headers=HTML)
        api = client.get("/broken", headers={"accept": "application/json"})
    assert page.status_code == 500 and "Something went wrong on our side" in page.text
    assert "SELECT" not in page.text and "Traceback" not in page.text
    assert api.status_code == 500 and api.json()["error"]["code"] == "internal"
    assert "SELECT" not in api.text
