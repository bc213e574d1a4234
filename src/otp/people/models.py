"""Invitations and one-time links (invitation and password-reset links).

A link's token is shown once (in the mail, or on the admin's page when no mail is configured)
and stored only as its SHA-256: 256 random bits need no slow hash, and a copy of the database
opens nothing. Links are kept after use so that opening one again can say exactly why it no
longer works: used, expired, revoked, or replaced by a newer one."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from otp.core import clock
from otp.core.db import Base
from otp.core.types import UTCDateTime

LINK_KINDS = ("invitation", "reset")
# Why a link stopped working before its time.
REVOKE_REASONS = ("revoked", "replaced", "deactivated")


class Invitation(Base):
    __tablename__ = "invitations"
    __table_args__ = (
        CheckConstraint("role in ('owner','admin','member','observer')", name="invitation_role"),
        CheckConstraint("state in ('pending','accepted','revoked')", name="invitation_state"),
        Index("ix_invitations_org_email", "org_id", "email"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16), default="pending")
    invited_by: Mapped[str | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)  # the latest link
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)  # of the latest link
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    accepted_person_id: Mapped[str | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"),
                                                           nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class OneTimeLink(Base):
    __tablename__ = "one_time_links"
    __table_args__ = (
        CheckConstraint("kind in ('invitation','reset')", name="one_time_link_kind"),
        CheckConstraint("(kind = 'invitation') = (invitation_id is not null)", name="one_time_link_target"),
        Index("ix_one_time_links_person", "person_id"),
        Index("ix_one_time_links_invitation", "invitation_id"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invitation_id: Mapped[str | None] = mapped_column(ForeignKey("invitations.id", ondelete="CASCADE"),
                                                      nullable=True)
    person_id: Mapped[str | None] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoke_reason: Mapped[str | None] = mapped_column(String(16), nullable=True)
