"""Web entry points: static files, login/logout, and each domain's pages (otp.<domain>.web)."""
from __future__ import annotations

from fastapi import FastAPI, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from otp.core.errors import OTPError
from otp.people import signin
from otp.web import csrf, error_pages, signed_in
from otp.web.pages import HERE, LoginRequired, login_redirect, render


def mount(app: FastAPI) -> None:
    from fastapi import APIRouter

    from otp.domains import submodules

    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    error_pages.install(app)
    app.add_exception_handler(LoginRequired, lambda request, _exc: login_redirect(request))
    for path, endpoint, methods in (
        ("/", home, ["GET"]),
        ("/login", login_form, ["GET"]),
        ("/login", login_submit, ["POST"]),
        ("/logout", logout, ["POST"]),
    ):
        app.add_api_route(path, endpoint, methods=methods, include_in_schema=False)
    app.add_exception_handler(csrf.CsrfFailed, _csrf_failed)
    for module in submodules("web") + _views():
        for name, value in vars(module).items():
            if name.startswith("router") and isinstance(value, APIRouter):
                app.include_router(value, include_in_schema=False)


def _views() -> list:
    """Every module in otp.web.views: the pages of the operating cadence, one module per area."""
    import importlib
    import pkgutil

    from otp.web import views
    return [importlib.import_module(f"otp.web.views.{m.name}") for m in pkgutil.iter_modules(views.__path__)]


def _csrf_failed(request: Request, exc: csrf.CsrfFailed):
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": exc.as_dict()}, status_code=403)
    return render(request, "error.html", {"message": exc.message}, status=403)


def home(request: Request):
    if signed_in.cookie_id(request) is None:
        return RedirectResponse("/login", status_code=303)
    from otp.web.views.home import home_page
    return home_page(request)


def _safe_next(value: str | None) -> str:
    # Only local paths: never redirect a fresh login to another site.
    return value if value and value.startswith("/") and not value.startswith("//") else "/"


def login_form(request: Request, next: str | None = None, error: str | None = None, status: int | None = None,
               email: str = "", headers: dict | None = None):
    response = render(request, "login.html", {"error": error, "next": _safe_next(next), "email": email},
                      status=status or (401 if error else 200))
    response.headers.update(headers or {})
    return response


def login_submit(request: Request, email: str = Form(""), password: str = Form(""), csrf_token: str = Form(""),
                 next: str = Form("/")):
    """Throttled per account and per address (otp.auth.throttle); a success starts a server-side
    session whose random id is the only thing the cookie carries."""
    csrf.check(request, csrf_token)
    with request.app.state.db.write() as s:
        result = signin.sign_in(s, email=email, password=password, address=signed_in.client_address(request),
                                user_agent=request.headers.get("user-agent", ""))
    if result.error is not None:
        retry = getattr(result.error, "retry_after", None)
        return login_form(request, next=next, error=result.error.message, status=result.error.status, email=email,
                          headers={"Retry-After": str(retry)} if retry else None)
    signed_in.remember(request, result.cookie)
    return RedirectResponse(_safe_next(next), status_code=303)


def logout(request: Request, csrf_token: str = Form("")):
    """Ends this browser's session in the database: a copy of the cookie stops working too."""
    csrf.check(request, csrf_token)
    db = request.app.state.db
    try:
        with db.write() as s:
            resolved = signed_in.resolve(request, s)
            signin.sign_out(s, resolved.actor, resolved.session_id)
    except OTPError:
        pass  # already ended (or never signed in): the browser forgets it either way
    signed_in.forget(request)
    return RedirectResponse("/login", status_code=303)
