"""Secrets this domain hands out (client secrets, codes, refresh tokens): 256 random bits, shown
once, stored as SHA-256 (the same reasoning as otp.auth.tokens: a fast hash suffices for random
secrets of that size, and keeps a lookup one indexed query)."""
from __future__ import annotations

import hashlib
import hmac
import secrets


def mint() -> str:
    return secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def matches(secret: str | None, stored_digest: str | None) -> bool:
    if not secret or not stored_digest:
        return False
    return hmac.compare_digest(digest(secret), stored_digest)
