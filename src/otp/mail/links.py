"""Absolute links for mail: a message is read outside the app, so every link carries the address
people reach OTP at (OTP_PUBLIC_URL)."""
from __future__ import annotations

from otp.core.config import public_url


def public_link(path: str) -> str:
    """`/approvals/apr_1` → `https://otp.example.com/approvals/apr_1` (a path, not a full URL)."""
    if not isinstance(path, str) or not path.startswith("/") or path.startswith("//"):
        raise ValueError(f"a path starting with a single '/' is needed, not {path!r}")
    return public_url() + path
