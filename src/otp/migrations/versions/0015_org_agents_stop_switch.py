"""org: the organization-wide stop switch for agents (paused at, reason, by whom)

Revision ID: 0015_org_agents_stop_switch
Revises: 0001
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import otp.core.types

revision = "0015_org_agents_stop_switch"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("organizations") as batch_op:
        batch_op.add_column(sa.Column("agents_paused_at", otp.core.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("agents_paused_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("agents_paused_by", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("organizations") as batch_op:
        batch_op.drop_column("agents_paused_by")
        batch_op.drop_column("agents_paused_reason")
        batch_op.drop_column("agents_paused_at")
