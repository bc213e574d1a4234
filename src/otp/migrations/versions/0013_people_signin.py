"""people and sign-in: membership status, invitations, one-time links, server-side sessions,
login throttles

Revision ID: 0013_people_signin
Revises: 0001
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import otp.core.types

revision = "0013_people_signin"
down_revision = "0001"
branch_labels = None
depends_on = None

UTC = otp.core.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("memberships") as batch_op:
        batch_op.add_column(sa.Column("status", sa.String(16), nullable=False, server_default="active"))
        batch_op.add_column(sa.Column("deactivated_at", UTC, nullable=True))
        batch_op.create_check_constraint("membership_status", "status in ('active','deactivated')")

    op.create_table(
        "invitations",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("org_id", sa.String(40), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("invited_by", sa.String(40), nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("sent_at", UTC, nullable=False),
        sa.Column("expires_at", UTC, nullable=False),
        sa.Column("accepted_at", UTC, nullable=True),
        sa.Column("accepted_person_id", sa.String(40), nullable=True),
        sa.Column("revoked_at", UTC, nullable=True),
        sa.CheckConstraint("role in ('owner','admin','member','observer')", name="invitation_role"),
        sa.CheckConstraint("state in ('pending','accepted','revoked')", name="invitation_state"),
        sa.ForeignKeyConstraint(["org_id"], ["organizations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["invited_by"], ["people.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["accepted_person_id"], ["people.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_invitations_org_id", "invitations", ["org_id"])
    op.create_index("ix_invitations_org_email", "invitations", ["org_id", "email"])

    op.create_table(
        "one_time_links",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("org_id", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("invitation_id", sa.String(40), nullable=True),
        sa.Column("person_id", sa.String(40), nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("expires_at", UTC, nullable=False),
        sa.Column("used_at", UTC, nullable=True),
        sa.Column("revoked_at", UTC, nullable=True),
        sa.Column("revoke_reason", sa.String(16), nullable=True),
        sa.CheckConstraint("kind in ('invitation','reset')", name="one_time_link_kind"),
        sa.CheckConstraint("(kind = 'invitation') = (invitation_id is not null)", name="one_time_link_target"),
        sa.ForeignKeyConstraint(["org_id"], ["organizations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["invitation_id"], ["invitations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index("ix_one_time_links_org_id", "one_time_links", ["org_id"])
    op.create_index("ix_one_time_links_person", "one_time_links", ["person_id"])
    op.create_index("ix_one_time_links_invitation", "one_time_links", ["invitation_id"])

    op.create_table(
        "web_sessions",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("org_id", sa.String(40), nullable=False),
        sa.Column("person_id", sa.String(40), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("user_agent", sa.String(300), nullable=False),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("last_seen_at", UTC, nullable=False),
        sa.Column("expires_at", UTC, nullable=False),
        sa.Column("revoked_at", UTC, nullable=True),
        sa.Column("revoke_reason", sa.String(40), nullable=True),
        sa.ForeignKeyConstraint(["org_id"], ["organizations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index("ix_web_sessions_org_id", "web_sessions", ["org_id"])
    op.create_index("ix_web_sessions_person", "web_sessions", ["person_id", "org_id"])

    op.create_table(
        "login_throttles",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("scope", sa.String(16), nullable=False),
        sa.Column("key", sa.String(254), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", UTC, nullable=False),
        sa.Column("locked_until", UTC, nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("scope", "key", name="uq_login_throttle_key"),
    )


def downgrade() -> None:
    op.drop_table("login_throttles")
    op.drop_index("ix_web_sessions_person", table_name="web_sessions")
    op.drop_index("ix_web_sessions_org_id", table_name="web_sessions")
    op.drop_table("web_sessions")
    op.drop_index("ix_one_time_links_invitation", table_name="one_time_links")
    op.drop_index("ix_one_time_links_person", table_name="one_time_links")
    op.drop_index("ix_one_time_links_org_id", table_name="one_time_links")
    op.drop_table("one_time_links")
    op.drop_index("ix_invitations_org_email", table_name="invitations")
    op.drop_index("ix_invitations_org_id", table_name="invitations")
    op.drop_table("invitations")
    with op.batch_alter_table("memberships") as batch_op:
        batch_op.drop_constraint("membership_status", type_="check")
        batch_op.drop_column("deactivated_at")
        batch_op.drop_column("status")
