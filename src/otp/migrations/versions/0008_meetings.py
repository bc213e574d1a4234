"""meetings: series, instances, prep, ratings, cascading messages, the meeting's item log

Revision ID: 0008_meetings
Revises: 0001
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import otp.core.types

revision = "0008_meetings"
down_revision = "0001"
branch_labels = None
depends_on = None

UTC = otp.core.types.UTCDateTime(timezone=True)


def _id():
    return sa.Column("id", sa.String(40), nullable=False)


def _org():
    return sa.Column("org_id", sa.String(40), nullable=False)


def _org_fk():
    return sa.ForeignKeyConstraint(["org_id"], ["organizations.id"], ondelete="CASCADE")


def _index(table: str, *columns: str, name: str | None = None) -> None:
    with op.batch_alter_table(table) as batch_op:
        batch_op.create_index(name or f"ix_{table}_{columns[0]}", list(columns))


def upgrade() -> None:
    op.create_table(
        "meeting_series",
        _id(), _org(),
        sa.Column("team", sa.String(200), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("time_of_day", sa.String(5), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("attendee_seat_ids", sa.JSON(), nullable=False),
        sa.Column("agenda", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.CheckConstraint("weekday between 0 and 6", name="meeting_series_weekday"),
        _org_fk(),
        sa.PrimaryKeyConstraint("id"),
    )
    _index("meeting_series", "org_id")

    op.create_table(
        "meetings",
        _id(), _org(),
        sa.Column("series_id", sa.String(40), nullable=False),
        sa.Column("scheduled_at", UTC, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("agenda", sa.JSON(), nullable=True),
        sa.Column("attendance", sa.JSON(), nullable=True),
        sa.Column("current_segment", sa.Integer(), nullable=True),
        sa.Column("segment_started_at", UTC, nullable=True),
        sa.Column("started_at", UTC, nullable=True),
        sa.Column("ended_at", UTC, nullable=True),
        sa.Column("ended_reason", sa.String(16), nullable=True),
        sa.Column("snapshot_start", sa.JSON(), nullable=True),
        sa.Column("snapshot_end", sa.JSON(), nullable=True),
        sa.Column("minutes", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.CheckConstraint("state in ('scheduled','running','ended','cancelled')", name="meeting_state"),
        _org_fk(),
        sa.ForeignKeyConstraint(["series_id"], ["meeting_series.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("series_id", "scheduled_at", name="uq_meetings_series_time"),
    )
    _index("meetings", "org_id")
    _index("meetings", "series_id")
    _index("meetings", "org_id", "state", "scheduled_at", name="ix_meetings_org_state_time")

    op.create_table(
        "meeting_preps",
        _id(), _org(),
        sa.Column("meeting_id", sa.String(40), nullable=False),
        sa.Column("seat_id", sa.String(40), nullable=False),
        sa.Column("submitted_by_kind", sa.String(8), nullable=False),
        sa.Column("submitted_by_id", sa.String(40), nullable=True),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("submitted_at", UTC, nullable=False),
        _org_fk(),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["seat_id"], ["seats.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("meeting_id", "seat_id", name="uq_meeting_prep_seat"),
    )
    _index("meeting_preps", "org_id")
    _index("meeting_preps", "meeting_id")

    op.create_table(
        "meeting_ratings",
        _id(), _org(),
        sa.Column("meeting_id", sa.String(40), nullable=False),
        sa.Column("seat_id", sa.String(40), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("rated_by_kind", sa.String(8), nullable=False),
        sa.Column("rated_by_id", sa.String(40), nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.CheckConstraint("score between 1 and 10", name="meeting_rating_score"),
        _org_fk(),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["seat_id"], ["seats.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("meeting_id", "seat_id", name="uq_meeting_rating_seat"),
    )
    _index("meeting_ratings", "org_id")
    _index("meeting_ratings", "meeting_id")

    op.create_table(
        "meeting_messages",
        _id(), _org(),
        sa.Column("meeting_id", sa.String(40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author_kind", sa.String(8), nullable=False),
        sa.Column("author_id", sa.String(40), nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        _org_fk(),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    _index("meeting_messages", "org_id")
    _index("meeting_messages", "meeting_id")

    op.create_table(
        "meeting_items",
        _id(), _org(),
        sa.Column("meeting_id", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("entity_type", sa.String(24), nullable=False),
        sa.Column("entity_id", sa.String(40), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("by_kind", sa.String(8), nullable=False),
        sa.Column("by_id", sa.String(40), nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        _org_fk(),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("meeting_id", "kind", "entity_id", name="uq_meeting_item"),
    )
    _index("meeting_items", "org_id")
    _index("meeting_items", "meeting_id")


def downgrade() -> None:
    for table in ("meeting_items", "meeting_messages", "meeting_ratings", "meeting_preps", "meetings",
                  "meeting_series"):
        op.drop_table(table)
