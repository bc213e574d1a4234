"""REST face for API tokens (admin)."""
from __future__ import annotations

from datetime import datetime

from fastapi import Depends, APIRouter
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from otp.api.deps import no_unknown_query, AdminDep, DbDep
from otp.core.errors import Invalid
from otp.api.errors import READ, WRITE, responses
from otp.governance import tokens
from otp.auth.models import ApiToken
from otp.org.schemas import Str

router = APIRouter(prefix="/api/v1", tags=["tokens"], dependencies=[Depends(no_unknown_query)])


class _TokenFields(BaseModel):
    model_config = ConfigDict(extra="forbid")
    scopes: Annotated[list[Literal["read", "write", "admin"]], Field(min_length=1)] = ["read", "write"]
    name: Str(200) = ""
    expires_at: datetime | None = None


class PersonTokenCreate(_TokenFields):
    person_id: Str(40, min_length=1)


class AgentTokenCreate(_TokenFields):
    agent_id: Str(40, min_length=1)


# Exactly one holder, said by the schema itself: a body matches one of the two shapes.
TokenCreate = PersonTokenCreate | AgentTokenCreate


class TokenOut(BaseModel):
    id: str
    person_id: str | None
    agent_id: str | None
    name: str
    prefix: str
    scopes: list[str]
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None

    @classmethod
    def of(cls, t: ApiToken) -> "TokenOut":
        return cls(id=t.id, person_id=t.person_id, agent_id=t.agent_id, name=t.name, prefix=t.prefix,
                   scopes=t.scopes, expires_at=t.expires_at, revoked_at=t.revoked_at, last_used_at=t.last_used_at)


class TokenCreated(TokenOut):
    token: str


@router.post("/tokens", status_code=201, responses=responses(*WRITE))
def create_token(body: TokenCreate, actor: AdminDep, db: DbDep) -> TokenCreated:
    """The plaintext token is in this response only; it is stored as a hash."""
    if body.expires_at is not None and body.expires_at.tzinfo is None:
        raise Invalid("expires_at needs a timezone", field="expires_at")
    with db.write() as s:
        row, plaintext = tokens.create_token(s, actor, person_id=getattr(body, "person_id", None),
                                             agent_id=getattr(body, "agent_id", None),
                                             scopes=body.scopes, name=body.name, expires_at=body.expires_at)
        return TokenCreated(**TokenOut.of(row).model_dump(), token=plaintext)


@router.get("/tokens", responses=responses(*READ))
def list_tokens(actor: AdminDep, db: DbDep) -> list[TokenOut]:
    with db.read() as s:
        return [TokenOut.of(t) for t in tokens.list_tokens(s, actor)]


@router.delete("/tokens/{token_id}", responses=responses(*WRITE))
def revoke_token(token_id: str, actor: AdminDep, db: DbDep) -> TokenOut:
    with db.write() as s:
        return TokenOut.of(tokens.revoke_token(s, actor, token_id))
