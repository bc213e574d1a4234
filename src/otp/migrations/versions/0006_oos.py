"""oos: stored OOS documents (draft and published versions), their claim index, captured learnings

Revision ID: 0006_oos
Revises: 0001
Create Date: 2026-11-24

Its own branch off the foundation (otp migrate applies every head); foreign keys only to
foundation tables (organizations, agents).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import otp.core.types

revision = "0006_oos"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('oos_versions',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('org_id', sa.String(length=40), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('number', sa.Integer(), nullable=True),
    sa.Column('parent_version', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('current', sa.Boolean(), nullable=False),
    sa.Column('pseudonym', sa.String(length=200), nullable=False),
    sa.Column('industry', sa.String(length=100), nullable=False),
    sa.Column('org_size', sa.String(length=32), nullable=False),
    sa.Column('tier', sa.String(length=16), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('claim_count', sa.Integer(), nullable=False),
    sa.Column('created_at', otp.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', otp.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.JSON(), nullable=False),
    sa.Column('published_at', otp.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('published_by', sa.JSON(), nullable=True),
    sa.CheckConstraint("(state = 'draft') = (number is null)", name='oos_version_number_iff_published'),
    sa.CheckConstraint("state in ('draft','published')", name='oos_version_state'),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('org_id', 'number', name='uq_oos_versions_org_number')
    )
    with op.batch_alter_table('oos_versions', schema=None) as batch_op:
        batch_op.create_index('ix_oos_versions_current', ['current'], unique=False)
        batch_op.create_index(batch_op.f('ix_oos_versions_org_id'), ['org_id'], unique=False)
        batch_op.create_index('uq_oos_versions_one_draft', ['org_id'], unique=True, sqlite_where=sa.text("state = 'draft'"), postgresql_where=sa.text("state = 'draft'"))

    op.create_table('oos_claims',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('version_id', sa.String(length=40), nullable=False),
    sa.Column('org_id', sa.String(length=40), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.String(length=64), nullable=False),
    sa.Column('section', sa.String(length=120), nullable=False),
    sa.Column('rule', sa.Text(), nullable=False),
    sa.Column('why', sa.Text(), nullable=False),
    sa.Column('failure_mode', sa.Text(), nullable=False),
    sa.Column('confidence', sa.String(length=32), nullable=False),
    sa.Column('evidence', sa.String(length=32), nullable=False),
    sa.Column('scope', sa.Text(), nullable=False),
    sa.Column('provenance', sa.Text(), nullable=True),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['oos_versions.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('oos_claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_oos_claims_org_id'), ['org_id'], unique=False)
        batch_op.create_index('ix_oos_claims_version_position', ['version_id', 'position'], unique=False)

    op.create_table('oos_learnings',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('org_id', sa.String(length=40), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('what_failed', sa.Text(), nullable=False),
    sa.Column('do_instead', sa.Text(), nullable=False),
    sa.Column('why', sa.Text(), nullable=False),
    sa.Column('section', sa.String(length=64), nullable=False),
    sa.Column('confidence', sa.String(length=16), nullable=False),
    sa.Column('agent_id', sa.String(length=40), nullable=True),
    sa.Column('times_seen', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.String(length=64), nullable=True),
    sa.Column('captured_by', sa.JSON(), nullable=False),
    sa.Column('first_captured_at', otp.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_captured_at', otp.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('org_id', 'fingerprint', name='uq_oos_learnings_org_fingerprint')
    )
    with op.batch_alter_table('oos_learnings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_oos_learnings_org_id'), ['org_id'], unique=False)


def downgrade() -> None:
    op.drop_table("oos_learnings")
    op.drop_table("oos_claims")
    with op.batch_alter_table("oos_versions", schema=None) as batch_op:
        batch_op.drop_index("uq_oos_versions_one_draft")
    op.drop_table("oos_versions")
