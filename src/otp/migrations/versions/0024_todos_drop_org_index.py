"""Drop the to-dos' single-column org_id index: every to-do written paid for it.

The table's other indexes lead with org_id ((org_id, owner_seat_id, due_at) and (org_id, done_at,
due_at)), so every lookup by organization, the cascade of an organization's deletion included,
is served without it; it was one more B-tree to update on the commonest governed write of all.
(The events' own org_id index stays: on SQLite it is in effect (org_id, id), the order the event
feeds page in.)

Revision ID: 0024_todos_drop_org_index
"""
from alembic import op

revision = "0024_todos_drop_org_index"
down_revision = "0023_search"  # the head of the work branch, where the to-dos live
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_todos_org_id", table_name="todos")


def downgrade() -> None:
    op.create_index("ix_todos_org_id", "todos", ["org_id"], unique=False)
