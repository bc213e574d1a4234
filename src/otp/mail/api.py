"""REST face of mail: GET/PUT /api/v1/me/mail-preferences — the caller's own switches."""
from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, StrictBool

from otp.api.deps import ActorDep, DbDep, no_unknown_query
from otp.api.errors import READ, WRITE, responses
from otp.governance.authz import require
from otp.mail import preferences
from otp.mail.kinds import OPTIONAL

router = APIRouter(prefix="/api/v1", tags=["mail"], dependencies=[Depends(no_unknown_query)])


class MailPreference(BaseModel):
    kind: str
    description: str
    enabled: bool


class MailPreferencesOut(BaseModel):
    preferences: list[MailPreference]

    @classmethod
    def of(cls, settings: dict[str, bool]) -> "MailPreferencesOut":
        return cls(preferences=[MailPreference(kind=k, description=OPTIONAL[k], enabled=v) for k, v in settings.items()])


class MailPreferencesIn(BaseModel):
    """The kinds to switch; a kind left out keeps its setting."""
    model_config = ConfigDict(extra="forbid")

    approval_waiting: StrictBool | None = None
    escalation_raised: StrictBool | None = None
    escalation_climbed: StrictBool | None = None
    digest: StrictBool | None = None


@router.get("/me/mail-preferences", responses=responses(*READ))
def my_mail_preferences(actor: ActorDep, db: DbDep) -> MailPreferencesOut:
    """Which optional mail you get (every kind is on until you turn it off)."""
    with db.read() as s:
        require(s, actor, "read")
        return MailPreferencesOut.of(preferences.my_preferences(s, actor))


@router.put("/me/mail-preferences", responses=responses(*WRITE))
def set_my_mail_preferences(body: MailPreferencesIn, actor: ActorDep, db: DbDep) -> MailPreferencesOut:
    """Turn kinds of mail on (true) or off (false). Mail you asked for (invitations, password
    resets) is always sent."""
    kinds = {k: v for k, v in body.model_dump().items() if v is not None}
    with db.write() as s:
        return MailPreferencesOut.of(preferences.set_preferences(s, actor, kinds=kinds))
