"""meetings: a secret calendar feed token per series (calendar apps cannot sign in)

Existing series get a random token here, so each has a feed URL from the start.

Revision ID: 0011_meetings_calendar_feed
Revises: 0010_meetings_missed
"""
from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0011_meetings_calendar_feed"
down_revision = "0010_meetings_missed"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("meeting_series") as batch_op:
        batch_op.add_column(sa.Column("feed_token", sa.String(64), nullable=True))
    table = sa.table("meeting_series", sa.column("id", sa.String), sa.column("feed_token", sa.String))
    conn = op.get_bind()
    for (series_id,) in conn.execute(sa.select(table.c.id)).all():
        conn.execute(table.update().where(table.c.id == series_id).values(feed_token=secrets.token_urlsafe(32)))


def downgrade() -> None:
    with op.batch_alter_table("meeting_series") as batch_op:
        batch_op.drop_column("feed_token")
