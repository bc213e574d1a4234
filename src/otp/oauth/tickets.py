"""The pending authorization request, carried from /authorize to the consent page (and through
sign-in) as a signed, time-limited ticket in the URL path: no row for requests nobody answers,
any app instance can read it, and it cannot be altered (a changed redirect URI or PKCE challenge
breaks the signature). The path, not the query, because sign-in keeps the path of `next`."""
from __future__ import annotations

from dataclasses import asdict, dataclass

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from otp.core.errors import Invalid

TICKET_SECONDS = 15 * 60  # time to sign in and decide
_SALT = "otp.oauth.consent"


@dataclass(frozen=True)
class Pending:
    client_id: str
    redirect_uri: str
    redirect_uri_explicit: bool
    code_challenge: str
    scopes: list[str]
    state: str | None
    resource: str | None


def issue(secret_key: str, pending: Pending) -> str:
    return URLSafeTimedSerializer(secret_key, salt=_SALT).dumps(asdict(pending))


def read(secret_key: str, ticket: str) -> Pending:
    try:
        data = URLSafeTimedSerializer(secret_key, salt=_SALT).loads(ticket, max_age=TICKET_SECONDS)
    except SignatureExpired:
        raise Invalid("this sign-in request expired: start again from your MCP client", field="ticket") from None
    except BadSignature:
        raise Invalid("this sign-in request is not valid: start again from your MCP client", field="ticket") from None
    try:
        return Pending(**data)
    except TypeError:
        raise Invalid("this sign-in request is not valid: start again from your MCP client", field="ticket") from None
