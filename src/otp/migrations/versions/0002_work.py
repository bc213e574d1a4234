"""work: outcomes, milestones, evidence, status history, issues, to-dos, headlines

Revision ID: 0002_work
Revises: 0001
Create Date: 2026-11-24 03:48:44.425621
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
import otp.core.types


revision = '0002_work'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('headlines',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('org_id', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.Column('author_kind', sa.String(length=8), nullable=False),
    sa.Column('author_id', sa.String(length=40), nullable=True),
    sa.Column('meeting_id', sa.String(length=40), nullable=True),
    sa.Column('created_at', otp.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('headlines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_headlines_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_headlines_org_id'), ['org_id'], unique=False)

    op.create_table('issues',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('org_id', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('owner_seat_id', sa.String(length=40), nullable=False),
    sa.Column('raised_by_kind', sa.String(length=8), nullable=False),
    sa.Column('raised_by_id', sa.String(length=40), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('linked_type', sa.String(length=32), nullable=True),
    sa.Column('linked_id', sa.String(length=40), nullable=True),
    sa.Column('solution', sa.Text(), nullable=False),
    sa.Column('dedup_key', sa.String(length=200), nullable=True),
    sa.Column('solved_at', otp.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', otp.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', otp.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_seat_id'], ['seats.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('org_id', 'dedup_key', name='uq_issues_org_dedup')
    )
    with op.batch_alter_table('issues', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_issues_org_id'), ['org_id'], unique=False)
        batch_op.create_index('ix_issues_org_state_priority', ['org_id', 'state', 'priority'], unique=False)

    op.create_table('outcomes',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('org_id', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('definition_of_done', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('quarter', sa.String(length=7), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('owner_seat_id', sa.String(length=40), nullable=False),
    sa.Column('reviewer_seat_id', sa.String(length=40), nullable=True),
    sa.Column('parent_id', sa.String(length=40), nullable=True),
    sa.Column('measurable_id', sa.String(length=40), nullable=True),
    sa.Column('target', sa.Float(), nullable=True),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('status_note', sa.Text(), nullable=False),
    sa.Column('context_links', sa.JSON(), nullable=False),
    sa.Column('guardrails', sa.JSON(), nullable=False),
    sa.Column('done_at', otp.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', otp.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', otp.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_seat_id'], ['seats.id'], ),
    sa.ForeignKeyConstraint(['parent_id'], ['outcomes.id'], ),
    sa.ForeignKeyConstraint(['reviewer_seat_id'], ['seats.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('outcomes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outcomes_org_id'), ['org_id'], unique=False)
        batch_op.create_index('ix_outcomes_org_owner', ['org_id', 'owner_seat_id'], unique=False)
        batch_op.create_index('ix_outcomes_org_quarter', ['org_id', 'quarter'], unique=False)

    op.create_table('todos',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('org_id', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('owner_seat_id', sa.String(length=40), nullable=False),
    sa.Column('due_at', otp.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('linked_type', sa.String(length=32), nullable=True),
    sa.Column('linked_id', sa.String(length=40), nullable=True),
    sa.Column('created_by_kind', sa.String(length=8), nullable=False),
    sa.Column('created_by_id', sa.String(length=40), nullable=True),
    sa.Column('done_at', otp.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('done_by_kind', sa.String(length=8), nullable=True),
    sa.Column('done_by_id', sa.String(length=40), nullable=True),
    sa.Column('verified_at', otp.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('verified_by_kind', sa.String(length=8), nullable=True),
    sa.Column('verified_by_id', sa.String(length=40), nullable=True),
    sa.Column('stale_flagged_at', otp.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', otp.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_seat_id'], ['seats.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('todos', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_todos_org_id'), ['org_id'], unique=False)
        batch_op.create_index('ix_todos_org_open_due', ['org_id', 'done_at', 'due_at'], unique=False)
        batch_op.create_index('ix_todos_org_owner_due', ['org_id', 'owner_seat_id', 'due_at'], unique=False)

    op.create_table('outcome_evidence',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('org_id', sa.String(length=40), nullable=False),
    sa.Column('outcome_id', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=True),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('submitted_by_kind', sa.String(length=8), nullable=False),
    sa.Column('submitted_by_id', sa.String(length=40), nullable=True),
    sa.Column('rejected_at', otp.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', otp.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['outcome_id'], ['outcomes.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('outcome_evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outcome_evidence_org_id'), ['org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outcome_evidence_outcome_id'), ['outcome_id'], unique=False)

    op.create_table('outcome_milestones',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('org_id', sa.String(length=40), nullable=False),
    sa.Column('outcome_id', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('due', sa.Date(), nullable=True),
    sa.Column('done', sa.Boolean(), nullable=False),
    sa.Column('done_at', otp.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', otp.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['outcome_id'], ['outcomes.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('outcome_milestones', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outcome_milestones_org_id'), ['org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outcome_milestones_outcome_id'), ['outcome_id'], unique=False)

    op.create_table('outcome_status_changes',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('org_id', sa.String(length=40), nullable=False),
    sa.Column('outcome_id', sa.String(length=40), nullable=False),
    sa.Column('from_status', sa.String(length=24), nullable=True),
    sa.Column('to_status', sa.String(length=24), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('actor_kind', sa.String(length=8), nullable=False),
    sa.Column('actor_id', sa.String(length=40), nullable=True),
    sa.Column('changed_at', otp.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['outcome_id'], ['outcomes.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('outcome_status_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outcome_status_changes_org_id'), ['org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outcome_status_changes_outcome_id'), ['outcome_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('outcome_status_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outcome_status_changes_outcome_id'))
        batch_op.drop_index(batch_op.f('ix_outcome_status_changes_org_id'))

    op.drop_table('outcome_status_changes')
    with op.batch_alter_table('outcome_milestones', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outcome_milestones_outcome_id'))
        batch_op.drop_index(batch_op.f('ix_outcome_milestones_org_id'))

    op.drop_table('outcome_milestones')
    with op.batch_alter_table('outcome_evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outcome_evidence_outcome_id'))
        batch_op.drop_index(batch_op.f('ix_outcome_evidence_org_id'))

    op.drop_table('outcome_evidence')
    with op.batch_alter_table('todos', schema=None) as batch_op:
        batch_op.drop_index('ix_todos_org_owner_due')
        batch_op.drop_index('ix_todos_org_open_due')
        batch_op.drop_index(batch_op.f('ix_todos_org_id'))

    op.drop_table('todos')
    with op.batch_alter_table('outcomes', schema=None) as batch_op:
        batch_op.drop_index('ix_outcomes_org_quarter')
        batch_op.drop_index('ix_outcomes_org_owner')
        batch_op.drop_index(batch_op.f('ix_outcomes_org_id'))

    op.drop_table('outcomes')
    with op.batch_alter_table('issues', schema=None) as batch_op:
        batch_op.drop_index('ix_issues_org_state_priority')
        batch_op.drop_index(batch_op.f('ix_issues_org_id'))

    op.drop_table('issues')
    with op.batch_alter_table('headlines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_headlines_org_id'))
        batch_op.drop_index(batch_op.f('ix_headlines_meeting_id'))

    op.drop_table('headlines')
