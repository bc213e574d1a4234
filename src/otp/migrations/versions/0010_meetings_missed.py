"""meetings: a "missed" state (the slot passed and nobody started it) and a cancellation reason

A scheduled meeting nobody started used to stay "scheduled" in the past and stall its series; the
worker now marks it missed and schedules the next. One instance can be cancelled with a reason.

Revision ID: 0010_meetings_missed
Revises: 0008_meetings
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_meetings_missed"
down_revision = "0008_meetings"
branch_labels = None
depends_on = None

OLD = "state in ('scheduled','running','ended','cancelled')"
NEW = "state in ('scheduled','running','ended','cancelled','missed')"


def upgrade() -> None:
    with op.batch_alter_table("meetings") as batch_op:
        batch_op.add_column(sa.Column("cancel_reason", sa.Text(), nullable=True))
        batch_op.drop_constraint("meeting_state", type_="check")
        batch_op.create_check_constraint("meeting_state", NEW)


def downgrade() -> None:
    op.execute("UPDATE meetings SET state = 'cancelled' WHERE state = 'missed'")
    with op.batch_alter_table("meetings") as batch_op:
        batch_op.drop_constraint("meeting_state", type_="check")
        batch_op.create_check_constraint("meeting_state", OLD)
        batch_op.drop_column("cancel_reason")
