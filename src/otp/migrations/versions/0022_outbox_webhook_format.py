"""outbox: a webhook's delivery format (standard_webhooks, the default, or cloudevents)

Revision ID: 0022_outbox_webhook_format
Revises: 0005_sops_outbox
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022_outbox_webhook_format"
down_revision = "0005_sops_outbox"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing subscriptions keep today's body: the server default fills their rows.
    with op.batch_alter_table("webhook_subscriptions") as batch_op:
        batch_op.add_column(sa.Column("format", sa.String(length=32), nullable=False,
                                      server_default="standard_webhooks"))


def downgrade() -> None:
    with op.batch_alter_table("webhook_subscriptions") as batch_op:
        batch_op.drop_column("format")
