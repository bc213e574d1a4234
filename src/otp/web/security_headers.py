"""Security headers on every web page: a Content-Security-Policy that allows scripts, styles and
connections from this origin only, so the "no inline script" rule of the templates is enforced
by the browser rather than by review; plus no MIME sniffing, no framing, and no full URLs in the
Referer sent to other sites.

HTML responses only (JSON and the .ics feed need none of it), and not FastAPI's /docs and
/redoc pages, which load Swagger UI and ReDoc with inline script from a CDN. Strict-Transport-
Security, when OTP is served over https, goes on every answer.
"""
from __future__ import annotations

POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
HEADERS = [
    (b"content-security-policy", POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
]
EXEMPT_PREFIXES = ("/docs", "/redoc")
# When OTP is served over https (OTP_PUBLIC_URL): browsers must not come back over plain http.
HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")


class SecurityHeaders:
    """ASGI middleware adding HEADERS to text/html responses outside EXEMPT_PREFIXES."""

    def __init__(self, app, hsts: bool = False) -> None:
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope.get("path", "").startswith(EXEMPT_PREFIXES):
            await self.app(scope, receive, self._with_hsts(send) if self.hsts else send)
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if self.hsts:
                    headers.append(HSTS)
                content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                if content_type.startswith(b"text/html"):
                    present = {k.lower() for k, _ in headers}
                    headers += [(k, v) for k, v in HEADERS if k not in present]
                if self.hsts or content_type.startswith(b"text/html"):
                    message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)

    @staticmethod
    def _with_hsts(send):
        async def sending(message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), HSTS]}
            await send(message)
        return sending
