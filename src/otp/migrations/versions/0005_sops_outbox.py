"""sops and outbox: SOPs with their versions; webhook subscriptions and their delivery log

Revision ID: 0005_sops_outbox
Revises: 0001
A branch of its own off the foundation (`otp migrate` applies every head). Foreign keys point
only at foundation tables (organizations, seats) and at this revision's own tables.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import otp.core.types

revision = "0005_sops_outbox"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('webhook_subscriptions',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('org_id', sa.String(length=40), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.Column('filters', sa.JSON(), nullable=False),
    sa.Column('secret', sa.String(length=100), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('disabled_reason', sa.String(length=300), nullable=True),
    sa.Column('failure_count', sa.Integer(), nullable=False),
    sa.Column('cursor_seq', sa.Integer(), nullable=False),
    sa.Column('ping_pending', sa.Boolean(), nullable=False),
    sa.Column('next_attempt_at', otp.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('lease_owner', sa.String(length=40), nullable=True),
    sa.Column('lease_until', otp.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_success_at', otp.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_failure_at', otp.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', otp.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', otp.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('webhook_subscriptions', schema=None) as batch_op:
        batch_op.create_index('ix_webhook_subscriptions_due', ['active', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_webhook_subscriptions_org_id'), ['org_id'], unique=False)

    op.create_table('webhook_deliveries',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('org_id', sa.String(length=40), nullable=False),
    sa.Column('subscription_id', sa.String(length=40), nullable=False),
    sa.Column('message_id', sa.String(length=64), nullable=False),
    sa.Column('event_seq', sa.Integer(), nullable=True),
    sa.Column('event_type', sa.String(length=64), nullable=False),
    sa.Column('attempt', sa.Integer(), nullable=False),
    sa.Column('success', sa.Boolean(), nullable=False),
    sa.Column('status_code', sa.Integer(), nullable=True),
    sa.Column('error', sa.String(length=500), nullable=True),
    sa.Column('duration_ms', sa.Integer(), nullable=False),
    sa.Column('attempted_at', otp.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['subscription_id'], ['webhook_subscriptions.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('webhook_deliveries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_webhook_deliveries_org_id'), ['org_id'], unique=False)
        batch_op.create_index('ix_webhook_deliveries_sub_id', ['subscription_id', 'id'], unique=False)

    op.create_table('sops',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('org_id', sa.String(length=40), nullable=False),
    sa.Column('seat_id', sa.String(length=40), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('trigger', sa.Text(), nullable=False),
    sa.Column('steps', sa.JSON(), nullable=False),
    sa.Column('outputs', sa.JSON(), nullable=False),
    sa.Column('tools', sa.JSON(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('archived_at', otp.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', otp.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', otp.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['seat_id'], ['seats.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('seat_id', 'key', name='uq_sops_seat_key')
    )
    with op.batch_alter_table('sops', schema=None) as batch_op:
        batch_op.create_index('ix_sops_org_seat', ['org_id', 'seat_id'], unique=False)

    op.create_table('sop_versions',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('org_id', sa.String(length=40), nullable=False),
    sa.Column('sop_id', sa.String(length=40), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('actor_kind', sa.String(length=16), nullable=False),
    sa.Column('actor_id', sa.String(length=40), nullable=True),
    sa.Column('created_at', otp.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sop_id'], ['sops.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('sop_id', 'number', name='uq_sop_versions_number')
    )
    with op.batch_alter_table('sop_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sop_versions_org_id'), ['org_id'], unique=False)
        batch_op.create_index('ix_sop_versions_sop_created', ['sop_id', 'created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('sop_versions', schema=None) as batch_op:
        batch_op.drop_index('ix_sop_versions_sop_created')
        batch_op.drop_index(batch_op.f('ix_sop_versions_org_id'))

    op.drop_table('sop_versions')
    with op.batch_alter_table('sops', schema=None) as batch_op:
        batch_op.drop_index('ix_sops_org_seat')

    op.drop_table('sops')
    with op.batch_alter_table('webhook_deliveries', schema=None) as batch_op:
        batch_op.drop_index('ix_webhook_deliveries_sub_id')
        batch_op.drop_index(batch_op.f('ix_webhook_deliveries_org_id'))

    op.drop_table('webhook_deliveries')
    with op.batch_alter_table('webhook_subscriptions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_webhook_subscriptions_org_id'))
        batch_op.drop_index('ix_webhook_subscriptions_due')

    op.drop_table('webhook_subscriptions')
