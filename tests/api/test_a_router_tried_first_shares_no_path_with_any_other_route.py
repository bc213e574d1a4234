"""A router that asks to be tried first (`router.match_first`, for a hot path) must not change
which route answers any request: none of its paths may be answered by another route, and it may
match none of theirs, whatever order the routes are tried in."""
from __future__ import annotations

import re

from starlette.routing import Mount

_PARAMETER = re.compile(r"{[^}]+}")


def _routes(routes, first: bool = False):
    """(route, whether it belongs to a router tried first) for every route of the app."""
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from _routes(included.routes, first or getattr(included, "match_first", None) is not None)
        else:
            yield route, first


def _example_path(route) -> str:
    # "1" fits every converter the routes use (str, int, path).
    return _PARAMETER.sub("1", route.path)


def _answers(route, path: str) -> bool:
    """Whether `route` matches `path` by any method: a route that matches the path but not the
    method still decides the answer when it is tried first (405 and its Allow header)."""
    if isinstance(route, Mount):
        return path == route.path or path.startswith(route.path + "/")
    return route.path_regex.match(path) is not None


def _clashes(app) -> list[str]:
    routes = list(_routes(app.router.routes))
    firsts = [route for route, first in routes if first]
    others = [route for route, first in routes if not first]
    clashes = []
    for a in firsts:
        for b in others:
            if _answers(b, _example_path(a)):
                clashes.append(f"{a.path} (tried first) is also matched by {b.path}")
            if not isinstance(b, Mount) and _answers(a, _example_path(b)):
                clashes.append(f"{b.path} would be matched by {a.path} (tried first)")
    return clashes


def test_the_routers_tried_first_serve_the_hot_paths(app):
    firsts = {route.path for route, first in _routes(app.router.routes) if first}
    assert {"/api/v1/me/briefing", "/api/v1/todos", "/api/v1/todos/{todo_id}/complete", "/mcp"} <= firsts


def test_no_path_of_a_router_tried_first_is_also_another_routes(app):
    assert _clashes(app) == []


def test_the_check_sees_a_clash_when_there_is_one(app):
    from fastapi import APIRouter, FastAPI

    shadow = APIRouter(prefix="/api/v1")
    shadow.match_first = 0

    @shadow.get("/{anything}")
    def _shadowing() -> None: ...

    probe = FastAPI()
    probe.include_router(shadow)
    for route in app.router.routes:
        probe.router.routes.append(route)
    found = _clashes(probe)
    assert "/api/v1/health would be matched by /api/v1/{anything} (tried first)" in found
