"""scorecard: the entries' window index covers the scorecard's read (measurable, value)

The scorecard reads one organization's last 13 periods (26,000 rows for 2,000 measurables) by
(org_id, period_start). With measurable_id and value in the index the read is index-only: no
table lookup per row, which was most of the scorecard's time.

Revision ID: 0009_scorecard_entries_cover
Revises: 0003_scorecard
"""
from __future__ import annotations

from alembic import op

revision = "0009_scorecard_entries_cover"
down_revision = "0003_scorecard"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("measurable_entries") as batch_op:
        batch_op.create_index("ix_entries_org_period_cover", ["org_id", "period_start", "measurable_id", "value"])
        batch_op.drop_index("ix_entries_org_period")


def downgrade() -> None:
    with op.batch_alter_table("measurable_entries") as batch_op:
        batch_op.create_index("ix_entries_org_period", ["org_id", "period_start"])
        batch_op.drop_index("ix_entries_org_period_cover")
