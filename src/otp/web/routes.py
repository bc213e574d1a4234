"""Web entry points: static files, login/logout, and each domain's pages (otp.<domain>.web)."""
from __future__ import annotations

from fastapi import FastAPI, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import select

from otp.auth.passwords import verify_password
from otp.org.models import Membership, Organization, Person
from otp.web import csrf
from otp.web.pages import HERE, LoginRequired, login_redirect, render


def mount(app: FastAPI) -> None:
    from fastapi import APIRouter

    from otp.domains import submodules

    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
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
    if not request.session.get("person_id"):
        return RedirectResponse("/login", status_code=303)
    from otp.web.views.home import home_page
    return home_page(request)


def _safe_next(value: str | None) -> str:
    # Only local paths: never redirect a fresh login to another site.
    return value if value and value.startswith("/") and not value.startswith("//") else "/"


def login_form(request: Request, next: str | None = None, error: str | None = None):
    return render(request, "login.html", {"error": error, "next": _safe_next(next)}, status=401 if error else 200)


def login_submit(request: Request, email: str = Form(""), password: str = Form(""), csrf_token: str = Form(""),
                 next: str = Form("/")):
    csrf.check(request, csrf_token)
    with request.app.state.db.read() as s:
        person = s.execute(select(Person).where(Person.email == email.strip().lower())).scalar_one_or_none()
        ok = person is not None and verify_password(person.password_hash, password)
        member = s.execute(select(Membership).join(Organization, Organization.id == Membership.org_id)
                           .where(Membership.person_id == person.id).order_by(Organization.created_at)
                           ).scalars().first() if ok else None
    if not ok or member is None:
        return login_form(request, next=next, error="Unknown email or wrong password.")
    request.session.clear()
    request.session.update({"person_id": person.id, "org_id": member.org_id})
    return RedirectResponse(_safe_next(next), status_code=303)


def logout(request: Request, csrf_token: str = Form("")):
    csrf.check(request, csrf_token)
    request.session.clear()
    return RedirectResponse("/login", status_code=303)
