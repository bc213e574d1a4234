"""HTML error pages for people in a browser; JSON stays the answer for every API client.

The API's exception handlers (otp.api.errors) ask `app.state.error_page` first: the web face sets
it when it is mounted, so the API module never imports the web one. A request gets a page only
when it is a browser navigation (it accepts text/html) outside the machine paths (/api/, /mcp,
OAuth's endpoints and metadata), so a script that asks for JSON, or calls the API, never gets HTML.
"""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

MACHINE_PATHS = ("/api/", "/mcp", "/.well-known/", "/token", "/register", "/revoke", "/static/")

# Status -> (heading, what the person can do next). The message from the cause follows the heading.
_WORDS = {
    400: ("That request could not be read", "Go back and try again."),
    403: ("You may not do that here", "Ask an owner or admin of your organization if you need it."),
    404: ("There is nothing at this address", "It may have been moved or deleted, or the link is mistyped."),
    405: ("That cannot be done at this address", "Go back and use the page's own buttons."),
    409: ("That clashes with a change made meanwhile", "Reload the page and try again."),
    422: ("Something in that request is not right", "Go back, correct it and try again."),
    500: ("Something went wrong on our side", "Nothing was changed. Try again in a moment; if it keeps "
                                              "happening, tell your administrator."),
}


def wants_html(request: Request) -> bool:
    path = request.url.path
    if path == "/mcp" or path.startswith(MACHINE_PATHS):
        return False
    return "text/html" in request.headers.get("accept", "")


def page(request: Request, status: int, message: str) -> Response:
    from otp.web.pages import actor_of, render  # pages builds the Jinja environment: load it only when needed
    heading, next_step = _WORDS.get(status, _WORDS[500 if status >= 500 else 400])
    try:
        actor = actor_of(request)  # signed in: the page keeps the navigation
    except Exception:  # noqa: BLE001  (no session, an expired one, a broken one: the page still shows)
        actor = None
    context = {"status": status, "heading": heading, "message": message, "next_step": next_step}
    return render(request, "error.html", context, status=status, actor=actor)


def install(app) -> None:
    app.state.error_page = page
    app.state.wants_error_page = wants_html
