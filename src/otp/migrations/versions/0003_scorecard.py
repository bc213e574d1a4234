"""scorecard: measurables, formula inputs, entries and their revisions

Revision ID: 0003_scorecard
Revises: 0001
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import otp.core.types

revision = "0003_scorecard"
down_revision = "0001"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
UTC = otp.core.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "measurables",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("org_id", sa.String(40), nullable=False),
        sa.Column("key", sa.String(40), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner_seat_id", sa.String(40), nullable=True),
        sa.Column("unit", sa.String(32), nullable=False),
        sa.Column("comparator", sa.String(8), nullable=False),
        sa.Column("target", sa.Float(), nullable=False),
        sa.Column("target_max", sa.Float(), nullable=True),
        sa.Column("cadence", sa.String(8), nullable=False),
        sa.Column("formula", sa.Text(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("archived_at", UTC, nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.CheckConstraint("comparator in ('>=','<=','==','between')", name="measurable_comparator"),
        sa.CheckConstraint("cadence in ('weekly','monthly')", name="measurable_cadence"),
        sa.ForeignKeyConstraint(["org_id"], ["organizations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["owner_seat_id"], ["seats.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("org_id", "key", name="uq_measurables_org_key"),
    )
    with op.batch_alter_table("measurables") as batch_op:
        batch_op.create_index("ix_measurables_org_id", ["org_id"])
        batch_op.create_index("ix_measurables_org_owner", ["org_id", "owner_seat_id"])

    op.create_table(
        "measurable_inputs",
        sa.Column("measurable_id", sa.String(40), nullable=False),
        sa.Column("input_id", sa.String(40), nullable=False),
        sa.Column("org_id", sa.String(40), nullable=False),
        sa.ForeignKeyConstraint(["measurable_id"], ["measurables.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["input_id"], ["measurables.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["org_id"], ["organizations.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("measurable_id", "input_id"),
    )
    with op.batch_alter_table("measurable_inputs") as batch_op:
        batch_op.create_index("ix_measurable_inputs_input_id", ["input_id"])
        batch_op.create_index("ix_measurable_inputs_org_id", ["org_id"])

    op.create_table(
        "measurable_entries",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("org_id", sa.String(40), nullable=False),
        sa.Column("measurable_id", sa.String(40), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("source", sa.String(8), nullable=False),
        sa.Column("entered_by_kind", sa.String(8), nullable=False),
        sa.Column("entered_by_id", sa.String(40), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("entered_at", UTC, nullable=False),
        sa.CheckConstraint("source in ('manual','agent','api','formula')", name="entry_source"),
        sa.ForeignKeyConstraint(["org_id"], ["organizations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["measurable_id"], ["measurables.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("measurable_id", "period_start", name="uq_entries_measurable_period"),
    )
    with op.batch_alter_table("measurable_entries") as batch_op:
        batch_op.create_index("ix_entries_org_period", ["org_id", "period_start"])

    op.create_table(
        "measurable_entry_revisions",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("org_id", sa.String(40), nullable=False),
        sa.Column("measurable_id", sa.String(40), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("source", sa.String(8), nullable=False),
        sa.Column("entered_by_kind", sa.String(8), nullable=False),
        sa.Column("entered_by_id", sa.String(40), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("entered_at", UTC, nullable=False),
        sa.Column("replaced_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["organizations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["measurable_id"], ["measurables.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("measurable_entry_revisions") as batch_op:
        batch_op.create_index("ix_measurable_entry_revisions_org_id", ["org_id"])
        batch_op.create_index("ix_entry_revisions_measurable_period", ["measurable_id", "period_start"])


def downgrade() -> None:
    op.drop_table("measurable_entry_revisions")
    op.drop_table("measurable_entries")
    op.drop_table("measurable_inputs")
    op.drop_table("measurables")
