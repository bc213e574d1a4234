"""The keys of the audit chain: each event's hash is an HMAC under a key that does not live in the
database, so whoever can write the database cannot recompute the chain after changing it.

OTP_AUDIT_KEY              the key (any string); default: derived from the secret key
OTP_AUDIT_PREVIOUS_KEYS    comma-separated keys used before a rotation, kept so that the events
                           hashed under them still verify

A key is known in events by its id, a fingerprint that reveals nothing about the key itself.
"""
from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass

AUDIT_KEY_ENV = "OTP_AUDIT_KEY"
PREVIOUS_KEYS_ENV = "OTP_AUDIT_PREVIOUS_KEYS"


@dataclass(frozen=True)
class AuditKey:
    secret: bytes
    id: str

    @classmethod
    def of(cls, text: str) -> "AuditKey":
        secret = text.encode("utf-8")
        return cls(secret, hashlib.sha256(b"otp audit key id\x00" + secret).hexdigest()[:16])

    def sign(self, message: str) -> str:
        return hmac.new(self.secret, message.encode("utf-8"), hashlib.sha256).hexdigest()


def derived_from_secret(secret_key: str) -> str:
    """The default audit key: a key of its own derived from the secret key (never the secret key
    itself, which also signs cookies)."""
    return hmac.new(secret_key.encode("utf-8"), b"otp audit chain v1", hashlib.sha256).hexdigest()


def from_environment() -> AuditKey | None:
    text = os.environ.get(AUDIT_KEY_ENV)
    return AuditKey.of(text) if text else None


def keyring(current: AuditKey | None) -> dict[str, AuditKey]:
    """Every key an event may have been hashed under: the current one and the previous ones."""
    ring = {k.id: k for k in (AuditKey.of(t.strip()) for t in os.environ.get(PREVIOUS_KEYS_ENV, "").split(",")
                             if t.strip())}
    if current is not None:
        ring[current.id] = current
    return ring
