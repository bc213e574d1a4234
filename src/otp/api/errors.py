"""One error shape for every face of the REST API: {"error": {"code", "message", "field"}}."""
from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import DataError as DBAPIDataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from otp.core.errors import ApprovalRequired, OTPError


class ErrorBody(BaseModel):
    code: str
    message: str
    field: str | None = None


class ErrorResponse(BaseModel):
    error: ErrorBody


_DESCRIPTIONS = {
    400: "Malformed request",
    401: "Missing, unknown, expired or revoked bearer token",
    403: "Authenticated, but governance or the token's scope does not allow this",
    404: "No such resource in your organization",
    409: "Conflicts with the current state (names the field)",
    422: "Invalid input (names the field and what is wrong)",
    410: "The one-time link was used, expired, revoked or replaced (the message says which)",
    429: "Too many failed sign-ins: wait (Retry-After) or the key is locked for a while",
}


def responses(*codes: int) -> dict:
    """OpenAPI `responses=` for a route: every code it can answer, declared."""
    return {code: {"model": ErrorResponse, "description": _DESCRIPTIONS[code]} for code in codes}


READ = (401, 403, 422)
READ_ONE = (401, 403, 404, 422)
WRITE = (400, 401, 403, 404, 409, 422)


def _error(status: int, code: str, message: str, field: str | None = None,
           headers: dict | None = None) -> JSONResponse:
    body = {"code": code, "message": message}
    if field is not None:
        body["field"] = field
    headers = dict(headers or {})
    if status == 401:
        headers.setdefault("WWW-Authenticate", "Bearer")
    return JSONResponse({"error": body}, status_code=status, headers=headers or None)


def _for_people(request: Request, status: int, message: str, answer):
    """A browser navigation gets the web face's HTML page (otp.web.error_pages sets it on
    app.state when mounted); every other request gets `answer`, the JSON error."""
    wants = getattr(request.app.state, "wants_error_page", None)
    if wants is not None and wants(request):
        return request.app.state.error_page(request, status, message)
    return answer


def install(app: FastAPI) -> None:
    @app.exception_handler(ApprovalRequired)
    async def _ask(_request: Request, exc: ApprovalRequired):
        return JSONResponse({"error": exc.as_dict()}, status_code=202)

    @app.exception_handler(OTPError)
    async def _domain(request: Request, exc: OTPError):
        return _for_people(request, exc.status, exc.message, _error(exc.status, exc.code, exc.message, exc.field))

    @app.exception_handler(DBAPIDataError)
    async def _data(_request: Request, exc: DBAPIDataError):
        # Safety net: input the database itself cannot store (a NUL byte, a number out of range)
        # that slipped past validation. The transaction was rolled back; nothing changed.
        return _error(422, "invalid", "a value cannot be stored as given (e.g. a NUL character or a number "
                                      "out of range); check the request's text and numbers")

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        # Drop transport parts and union-member model names (e.g. "AgentTokenCreate") from the path.
        loc = [str(p) for p in first.get("loc", ())
               if p not in ("body", "query", "path", "header") and not (isinstance(p, str) and p[:1].isupper())]
        field = ".".join(loc) or None
        message = f"{field}: {first.get('msg')}" if field else str(first.get("msg"))
        return _for_people(request, 422, message, _error(422, "invalid", message, field))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        code = {400: "malformed", 401: "unauthorized", 403: "forbidden", 404: "not_found",
                405: "method_not_allowed"}.get(exc.status_code, "error")
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(_allowed_methods(app, request.url.path))
        answer = _error(exc.status_code, code, str(exc.detail), headers=headers)
        return _for_people(request, exc.status_code, "" if exc.status_code == 404 else str(exc.detail), answer)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        # Starlette logs the exception and re-raises it after this answer; the answer itself names
        # nothing internal (no traceback, no SQL) to the person or client who met it.
        return _for_people(request, 500, "", _error(500, "internal", "the server failed to answer this request; "
                                                                     "nothing was changed"))


def _allowed_methods(app: FastAPI, path: str) -> list[str]:
    """Every method any route offers on this path (Starlette only names the first matching route's)."""
    methods: set[str] = set()
    for route in app.routes:
        regex = getattr(route, "path_regex", None)
        if regex is not None and regex.match(path) and getattr(route, "methods", None):
            methods |= set(route.methods)
    return sorted(methods)
