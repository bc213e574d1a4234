"""mail: the outbox of messages the worker sends over SMTP, and per-person opt-outs

Revision ID: 0014_mail_outbox
Revises: 0001
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import otp.core.types

revision = "0014_mail_outbox"
down_revision = "0001"
branch_labels = None
depends_on = None

UTC = otp.core.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "mail_outbox",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("org_id", sa.String(40), nullable=False),
        sa.Column("person_id", sa.String(40), nullable=True),
        sa.Column("to_address", sa.String(254), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("subject", sa.String(300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("html", sa.Text(), nullable=True),
        sa.Column("dedup_key", sa.String(200), nullable=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(500), nullable=True),
        sa.Column("next_attempt_at", UTC, nullable=False),
        sa.Column("lease_owner", sa.String(40), nullable=True),
        sa.Column("lease_until", UTC, nullable=True),
        sa.Column("sent_at", UTC, nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.CheckConstraint("state in ('queued','sent','suppressed')", name="mail_state"),
        sa.ForeignKeyConstraint(["org_id"], ["organizations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("org_id", "dedup_key", name="uq_mail_outbox_dedup"),
    )
    with op.batch_alter_table("mail_outbox") as batch_op:
        batch_op.create_index("ix_mail_outbox_org_id", ["org_id"])
        batch_op.create_index("ix_mail_outbox_person_id", ["person_id"])
        batch_op.create_index("ix_mail_outbox_due", ["state", "next_attempt_at"])

    op.create_table(
        "mail_opt_outs",
        sa.Column("person_id", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("person_id", "kind"),
    )


def downgrade() -> None:
    op.drop_table("mail_opt_outs")
    op.drop_table("mail_outbox")
