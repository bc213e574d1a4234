"""Standard Webhooks signing (https://www.standardwebhooks.com/):

    webhook-signature: v1,<base64 HMAC-SHA256(key, f"{id}.{timestamp}.{body}")>

where key is the base64-decoded part of the secret after "whsec_". Receivers verify with any
Standard Webhooks library; tests use the independent `standardwebhooks` package.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

PREFIX = "whsec_"


def new_secret() -> str:
    return PREFIX + base64.b64encode(secrets.token_bytes(24)).decode("ascii")


def signature(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix(PREFIX))
    mac = hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode("ascii")


def headers(secret: str, msg_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {"webhook-id": msg_id, "webhook-timestamp": str(timestamp),
            "webhook-signature": signature(secret, msg_id, timestamp, body),
            "content-type": "application/json"}
