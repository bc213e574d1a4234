"""Security headers on every web page: a Content-Security-Policy that allows scripts, styles and
connections from this origin only, so the "no inline script" rule of the templates is enforced
by the browser rather than by review; plus no MIME sniffing, no framing, and no full URLs in the
Referer sent to other sites.

HTML responses only (JSON and the .ics feed need none of it), and not FastAPI's /docs and
/redoc pages, which load Swagger UI and ReDoc with inline script from a CDN.
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


class SecurityHeaders:
    """ASGI middleware adding HEADERS to text/html responses outside EXEMPT_PREFIXES."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope.get("path", "").startswith(EXEMPT_PREFIXES):
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                if content_type.startswith(b"text/html"):
                    present = {k.lower() for k, _ in headers}
                    headers += [(k, v) for k, v in HEADERS if k not in present]
                    message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
