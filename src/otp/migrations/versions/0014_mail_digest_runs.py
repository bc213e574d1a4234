"""mail: one row per organization and local day whose daily digests were queued

Revision ID: 0014_mail_digest_runs
Revises: 0014_mail_outbox
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import otp.core.types

revision = "0014_mail_digest_runs"
down_revision = "0014_mail_outbox"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mail_digest_runs",
        sa.Column("org_id", sa.String(40), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("queued", sa.Integer(), nullable=False),
        sa.Column("ran_at", otp.core.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["organizations.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("org_id", "day"),
    )


def downgrade() -> None:
    op.drop_table("mail_digest_runs")
