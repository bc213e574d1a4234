"""runs: which agents a meeting's due prep has woken (one wake per meeting and agent)

Revision ID: 0022_runs_prep_wakes
Revises: 0019_runs
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import otp.core.types

revision = "0022_runs_prep_wakes"
down_revision = "0019_runs"
branch_labels = None
depends_on = "0008_meetings"

T = otp.core.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "run_prep_wakes",
        sa.Column("meeting_id", sa.String(40), sa.ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("agent_id", sa.String(40), sa.ForeignKey("agents.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("org_id", sa.String(40), sa.ForeignKey("organizations.id", ondelete="CASCADE"), nullable=False),
        sa.Column("woken_at", T, nullable=False),
    )
    op.create_index("ix_run_prep_wakes_org_id", "run_prep_wakes", ["org_id"])


def downgrade() -> None:
    op.drop_index("ix_run_prep_wakes_org_id", table_name="run_prep_wakes")
    op.drop_table("run_prep_wakes")
