"""runs: agent runtimes (adapter, schedule, limits), run rows, the per-organization wake cursor

Revision ID: 0019_runs
Revises: 0001
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import otp.core.types

revision = "0019_runs"
down_revision = "0001"
branch_labels = None
depends_on = None

T = otp.core.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "agent_runtimes",
        sa.Column("agent_id", sa.String(40), sa.ForeignKey("agents.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("org_id", sa.String(40), sa.ForeignKey("organizations.id", ondelete="CASCADE"), nullable=False),
        sa.Column("adapter", sa.String(16), nullable=False),
        sa.Column("config", sa.JSON(), nullable=False),
        sa.Column("time_limit_seconds", sa.Integer(), nullable=False),
        sa.Column("cost_limit_cents", sa.Integer(), nullable=True),
        sa.Column("max_concurrent", sa.Integer(), nullable=False),
        sa.Column("every_minutes", sa.Integer(), nullable=True),
        sa.Column("active_hours", sa.JSON(), nullable=True),
        sa.Column("active_days", sa.JSON(), nullable=True),
        sa.Column("next_scheduled_at", T, nullable=True),
        sa.Column("heartbeat_seen_at", T, nullable=True),
        sa.Column("created_at", T, nullable=False),
        sa.Column("updated_at", T, nullable=False),
    )
    op.create_index("ix_agent_runtimes_org_id", "agent_runtimes", ["org_id"])
    op.create_index("ix_agent_runtimes_due", "agent_runtimes", ["next_scheduled_at"])
    op.create_table(
        "agent_runs",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("org_id", sa.String(40), sa.ForeignKey("organizations.id", ondelete="CASCADE"), nullable=False),
        sa.Column("agent_id", sa.String(40), sa.ForeignKey("agents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("adapter", sa.String(16), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(120), nullable=False),
        sa.Column("wakes", sa.JSON(), nullable=False),
        sa.Column("wake_count", sa.Integer(), nullable=False),
        sa.Column("detail", sa.String(500), nullable=False),
        sa.Column("due_at", T, nullable=False),
        sa.Column("lease_owner", sa.String(60), nullable=True),
        sa.Column("lease_until", T, nullable=True),
        sa.Column("started_at", T, nullable=True),
        sa.Column("ended_at", T, nullable=True),
        sa.Column("host", sa.String(120), nullable=True),
        sa.Column("pid", sa.Integer(), nullable=True),
        sa.Column("exit_code", sa.Integer(), nullable=True),
        sa.Column("cost_cents", sa.Integer(), nullable=False),
        sa.Column("tokens", sa.BigInteger(), nullable=False),
        sa.Column("progress", sa.String(2000), nullable=False),
        sa.Column("output", sa.Text(), nullable=False),
        sa.Column("output_bytes", sa.BigInteger(), nullable=False),
        sa.Column("token_id", sa.String(40), nullable=True),
        sa.Column("start_seq", sa.Integer(), nullable=True),
        sa.Column("end_seq", sa.Integer(), nullable=True),
        sa.Column("cancel_requested", sa.Boolean(), nullable=False),
        sa.Column("created_at", T, nullable=False),
    )
    op.create_index("ix_agent_runs_org_id", "agent_runs", ["org_id"])
    op.create_index("ix_agent_runs_agent", "agent_runs", ["agent_id", "created_at"])
    op.create_index("ix_agent_runs_state_due", "agent_runs", ["state", "due_at"])
    op.create_index("ux_agent_runs_one_queued", "agent_runs", ["agent_id"], unique=True,
                    sqlite_where=sa.text("state = 'queued'"), postgresql_where=sa.text("state = 'queued'"))
    op.create_table(
        "run_cursors",
        sa.Column("org_id", sa.String(40), sa.ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("event_seq", sa.Integer(), nullable=False),
        sa.Column("inbox_until", T, nullable=True),
    )


def downgrade() -> None:
    op.drop_table("run_cursors")
    op.drop_index("ux_agent_runs_one_queued", table_name="agent_runs")
    op.drop_table("agent_runs")
    op.drop_table("agent_runtimes")
