"""REST shapes for people, invitations, password resets and sessions."""
from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, StrictBool
from typing_extensions import Annotated

from otp.auth.models import WebSession
from otp.org.schemas import Email, Id, Str, Strict, Text
from otp.people.invitations import state_of
from otp.people.models import Invitation

Role = Literal["owner", "admin", "member", "observer"]
# A one-time link's token (43 URL-safe characters as issued; a little room either way).
Token = Annotated[str, Field(min_length=20, max_length=100, pattern=r"^[A-Za-z0-9_-]+$")]
Password = Str(200, min_length=8, one_line=False)  # a secret, never shown: any characters


class InvitationCreate(Strict):
    email: Email
    role: Role = "member"


class InvitationOut(BaseModel):
    id: str
    email: str
    role: str
    state: Literal["pending", "expired", "accepted", "revoked"]
    created_at: datetime
    sent_at: datetime
    expires_at: datetime
    accepted_at: datetime | None
    accepted_person_id: str | None
    revoked_at: datetime | None
    link: str | None = Field(None, description="The one-time link's path, only right after it was made and only "
                                               "when no mail is configured (OTP_SMTP_URL): copy it to the invitee")

    @classmethod
    def of(cls, row: Invitation, link: str | None = None) -> "InvitationOut":
        return cls(id=row.id, email=row.email, role=row.role, state=state_of(row), created_at=row.created_at,
                   sent_at=row.sent_at, expires_at=row.expires_at, accepted_at=row.accepted_at,
                   accepted_person_id=row.accepted_person_id, revoked_at=row.revoked_at, link=link)


class InvitationAccept(Strict):
    token: Token
    name: Str(200) = ""
    password: Str(200, min_length=1, one_line=False)


class RoleChange(Strict):
    role: Role


class Deactivate(Strict):
    reassign_to: Annotated[str, Field(min_length=3, max_length=60, pattern=r"^(person|agent):[^\x00\s]+$")] | None = None
    vacate: StrictBool = False


class ResetRequest(Strict):
    email: Email


class ResetComplete(Strict):
    token: Token
    password: Password


class ResetIssued(BaseModel):
    link: str | None = Field(None, description="The reset link's path when no mail is configured; else null")


class SessionOut(BaseModel):
    id: str
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    address: str
    user_agent: str

    @classmethod
    def of(cls, row: WebSession) -> "SessionOut":
        return cls(id=row.id, created_at=row.created_at, last_seen_at=row.last_seen_at, expires_at=row.expires_at,
                   address=row.address, user_agent=row.user_agent)


class SessionsEnded(BaseModel):
    ended: int


class Accepted(BaseModel):
    person_id: str
    org_id: str
    name: str
    email: str
    role: str


__all__ = ["Id", "Text"]
