"""event_chains.governance_seq: the seq of the last event that may change what the gate reads.

The per-process governance caches (otp.events.epoch) asked, on every transaction that used them,
whether any event since the sequence they last checked was of a kind that moves them: an EXISTS
over the events with ten LIKE patterns. Recording an event now keeps this one number on the chain
head (in the UPDATE it already makes), so the question is a read of the head's row. Existing
chains start with their head sequence: every cache moves once, as after a restart.

Revision ID: 0025_chain_governance_seq
"""
from alembic import op
import sqlalchemy as sa

revision = "0025_chain_governance_seq"
# After the to-dos' index (the work branch), and after the audit branch's keyed chain it alters.
# Not stacked on 0021 itself: its branch stays one revision long, which `0021_audit_keyed@-1`
# (the release before keys, as the re-keying tests rebuild it) relies on.
down_revision = "0024_todos_drop_org_index"
branch_labels = None
depends_on = ("0021_audit_keyed",)


def upgrade() -> None:
    with op.batch_alter_table("event_chains") as batch_op:
        batch_op.add_column(sa.Column("governance_seq", sa.Integer(), nullable=False, server_default="0"))
    op.execute("UPDATE event_chains SET governance_seq = seq")


def downgrade() -> None:
    with op.batch_alter_table("event_chains") as batch_op:
        batch_op.drop_column("governance_seq")
