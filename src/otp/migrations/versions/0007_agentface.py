"""agentface: index seats by occupant

Revision ID: 0007_agentface
Revises: 0001
A branch of its own off the foundation (`otp migrate` applies every head). No tables: the
briefing and the compiled context start from "the seats this actor holds", and without these
indexes that lookup scans every seat of the organization (10,000 in the benchmark) on every
request. Governance's seat lookups (routing.seat_of, gate) use the same columns.
"""
from __future__ import annotations

from alembic import op

revision = "0007_agentface"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("seats") as batch_op:
        batch_op.create_index("ix_seats_occupant_agent", ["occupant_agent_id"])
        batch_op.create_index("ix_seats_occupant_person", ["occupant_person_id"])


def downgrade() -> None:
    with op.batch_alter_table("seats") as batch_op:
        batch_op.drop_index("ix_seats_occupant_person")
        batch_op.drop_index("ix_seats_occupant_agent")
