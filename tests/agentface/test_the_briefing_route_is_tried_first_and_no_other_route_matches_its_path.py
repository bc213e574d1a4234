"""The briefing's router is tried first (it is on every agent run's path, and FastAPI tries
routes in order); that is safe only while no other route matches its path, with any method."""
from __future__ import annotations

from starlette.routing import Match

PATH = "/api/v1/me/briefing"


def _scope(method: str) -> dict:
    return {"type": "http", "method": method, "path": PATH, "root_path": "", "headers": [], "query_string": b""}


def test_the_briefing_router_is_tried_before_every_other_api_route(app):
    routes = app.router.routes
    index = next(i for i, route in enumerate(routes) if route.matches(_scope("GET"))[0] == Match.FULL)
    before = [getattr(route, "path", None) for route in routes[:index]]
    assert set(before) <= {app.openapi_url, app.docs_url, app.redoc_url, app.swagger_ui_oauth2_redirect_url}, before


def test_no_other_route_matches_the_briefing_path(app):
    for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        matching = [route for route in app.router.routes if route.matches(_scope(method))[0] != Match.NONE]
        assert len(matching) == 1, (method, matching)
