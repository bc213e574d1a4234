"""approvals: an approval that ran nothing is a one-time grant; used_at records its use

Revision ID: 0012_approval_grants
Revises: 0004_governance
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import otp.core.types

revision = "0012_approval_grants"
down_revision = "0004_governance"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("approval_requests") as batch_op:
        batch_op.add_column(sa.Column("used_at", otp.core.types.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("approval_requests") as batch_op:
        batch_op.drop_column("used_at")
