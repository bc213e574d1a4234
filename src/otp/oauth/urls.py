"""Where the authorization server and the protected resource live, from OTP_PUBLIC_URL (the
address MCP hosts reach OTP at: its https URL in production). The issuer is the public URL itself;
the protected resource is the MCP endpoint."""
from __future__ import annotations

from urllib.parse import urlsplit

from pydantic import AnyHttpUrl, ValidationError

MCP_PATH = "/mcp"  # otp.agentface mounts MCP here
PRM_PATH = "/.well-known/oauth-protected-resource" + MCP_PATH  # RFC 9728 §3.1


def issuer(public_url: str) -> str | None:
    """The issuer, or None when the public URL cannot be one (RFC 8414 §2: https, no query or
    fragment; plain http only on a loopback address, for local use and tests)."""
    url = (public_url or "").rstrip("/")
    try:
        parsed = AnyHttpUrl(url)
    except ValidationError:
        return None
    local = parsed.host in ("localhost", "127.0.0.1", "[::1]", "::1")
    if (parsed.scheme != "https" and not local) or parsed.query or parsed.fragment:
        return None
    return url


def resource(public_url: str) -> str:
    return public_url.rstrip("/") + MCP_PATH


def resource_metadata(public_url: str) -> str | None:
    """The URL of the MCP endpoint's protected-resource metadata, for WWW-Authenticate (None when
    OAuth is off because the public URL is not usable as an issuer)."""
    return public_url.rstrip("/") + PRM_PATH if issuer(public_url) else None


def same_resource(a: str | None, b: str) -> bool:
    """RFC 8707 resource indicators compared as the SDK does: origin exact, trailing slash aside."""
    if not a:
        return True
    x, y = urlsplit(a), urlsplit(b)
    return (x.scheme.lower(), x.netloc.lower(), x.path.rstrip("/")) == (y.scheme.lower(), y.netloc.lower(),
                                                                       y.path.rstrip("/"))
