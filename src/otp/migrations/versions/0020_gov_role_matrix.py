"""governance: the person-role table is editable like the level matrix (policy.roles)

Revision ID: 0020_gov_role_matrix
Revises: 0012_approval_grants
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020_gov_role_matrix"
down_revision = "0012_approval_grants"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("governance_policies") as batch_op:
        batch_op.add_column(sa.Column("roles", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("governance_policies") as batch_op:
        batch_op.drop_column("roles")
