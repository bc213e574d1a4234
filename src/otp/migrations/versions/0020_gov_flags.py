"""governance: flags of the silence and staleness job (once per episode and stage)

Revision ID: 0020_gov_flags
Revises: 0020_gov_role_matrix
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import otp.core.types

revision = "0020_gov_flags"
down_revision = "0020_gov_role_matrix"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "governance_flags",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("org_id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("subject_id", sa.String(length=40), nullable=False),
        sa.Column("episode", sa.String(length=64), nullable=False),
        sa.Column("stage", sa.Integer(), nullable=False),
        sa.Column("created_at", otp.core.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["organizations.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "subject_id", "episode", "stage", name="uq_governance_flag"),
    )
    with op.batch_alter_table("governance_flags") as batch_op:
        batch_op.create_index(batch_op.f("ix_governance_flags_org_id"), ["org_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("governance_flags") as batch_op:
        batch_op.drop_index(batch_op.f("ix_governance_flags_org_id"))
    op.drop_table("governance_flags")
