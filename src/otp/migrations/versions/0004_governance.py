"""governance runtime: stored policy, approvals, escalations, autonomy ledger, incidents,
agent guards and costs, allow counts; the inbox

Revision ID: 0004_governance
Revises: 0001
A branch of its own off the foundation (`otp migrate` applies every head). Foreign keys point
only at foundation tables; outcome ids are plain strings.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import otp.core.types

revision = "0004_governance"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('governance_allow_counts',
    sa.Column('org_id', sa.String(length=40), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('day', sa.String(length=10), nullable=False),
    sa.Column('count', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('org_id', 'action', 'day')
    )
    op.create_table('governance_hard_deny',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('org_id', sa.String(length=40), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('actions', sa.JSON(), nullable=False),
    sa.Column('applies_to', sa.String(length=16), nullable=False),
    sa.Column('when', sa.JSON(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.CheckConstraint("applies_to in ('agents','everyone')", name='hard_deny_applies_to'),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('org_id', 'key')
    )
    with op.batch_alter_table('governance_hard_deny', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_governance_hard_deny_org_id'), ['org_id'], unique=False)

    op.create_table('governance_policies',
    sa.Column('org_id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('classes', sa.JSON(), nullable=False),
    sa.Column('matrix', sa.JSON(), nullable=False),
    sa.Column('scopes', sa.JSON(), nullable=False),
    sa.Column('spend_limits', sa.JSON(), nullable=False),
    sa.Column('channel_allowlist', sa.JSON(), nullable=False),
    sa.Column('updated_at', otp.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('org_id')
    )
    op.create_table('inbox_items',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('org_id', sa.String(length=40), nullable=False),
    sa.Column('recipient_kind', sa.String(length=8), nullable=False),
    sa.Column('recipient_id', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('link_type', sa.String(length=32), nullable=True),
    sa.Column('link_id', sa.String(length=40), nullable=True),
    sa.Column('created_at', otp.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('read_at', otp.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("recipient_kind in ('person','agent')", name='inbox_recipient_kind'),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('inbox_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inbox_items_org_id'), ['org_id'], unique=False)
        batch_op.create_index('ix_inbox_link', ['link_type', 'link_id'], unique=False)
        batch_op.create_index('ix_inbox_recipient', ['org_id', 'recipient_kind', 'recipient_id', 'read_at'], unique=False)

    op.create_table('agent_costs',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('org_id', sa.String(length=40), nullable=False),
    sa.Column('agent_id', sa.String(length=40), nullable=False),
    sa.Column('tokens', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('cents', sa.Integer(), nullable=False),
    sa.Column('model', sa.String(length=120), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('occurred_at', otp.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('cents >= 0 and tokens >= 0', name='cost_non_negative'),
    sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('agent_costs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agent_costs_org_id'), ['org_id'], unique=False)
        batch_op.create_index('ix_costs_agent_time', ['agent_id', 'occurred_at'], unique=False)

    op.create_table('agent_guards',
    sa.Column('agent_id', sa.String(length=40), nullable=False),
    sa.Column('org_id', sa.String(length=40), nullable=False),
    sa.Column('last_heartbeat_at', otp.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_event_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('idle_heartbeats', sa.Integer(), nullable=False),
    sa.Column('warned_month', sa.String(length=7), nullable=True),
    sa.Column('breached_month', sa.String(length=7), nullable=True),
    sa.Column('budget_check_due', otp.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('evidence_rejections_seen', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('agent_id')
    )
    with op.batch_alter_table('agent_guards', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agent_guards_budget_check_due'), ['budget_check_due'], unique=False)
        batch_op.create_index(batch_op.f('ix_agent_guards_org_id'), ['org_id'], unique=False)

    op.create_table('autonomy_ledger',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('org_id', sa.String(length=40), nullable=False),
    sa.Column('agent_id', sa.String(length=40), nullable=False),
    sa.Column('from_level', sa.Integer(), nullable=True),
    sa.Column('to_level', sa.Integer(), nullable=False),
    sa.Column('why', sa.Text(), nullable=False),
    sa.Column('evidence', sa.JSON(), nullable=False),
    sa.Column('signed_by_kind', sa.String(length=8), nullable=False),
    sa.Column('signed_by_id', sa.String(length=40), nullable=True),
    sa.Column('incident_id', sa.String(length=40), nullable=True),
    sa.Column('approval_id', sa.String(length=40), nullable=True),
    sa.Column('created_at', otp.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('autonomy_ledger', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_autonomy_ledger_org_id'), ['org_id'], unique=False)
        batch_op.create_index('ix_ledger_agent', ['agent_id', 'created_at'], unique=False)

    op.create_table('governance_incidents',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('org_id', sa.String(length=40), nullable=False),
    sa.Column('agent_id', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('created_at', otp.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('governance_incidents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_governance_incidents_org_id'), ['org_id'], unique=False)
        batch_op.create_index('ix_incidents_agent', ['agent_id', 'created_at'], unique=False)

    op.create_table('approval_requests',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('org_id', sa.String(length=40), nullable=False),
    sa.Column('requester_kind', sa.String(length=8), nullable=False),
    sa.Column('requester_id', sa.String(length=40), nullable=True),
    sa.Column('requester_seat_id', sa.String(length=40), nullable=True),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=True),
    sa.Column('resource', sa.JSON(), nullable=False),
    sa.Column('rule', sa.String(length=120), nullable=False),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.Column('recommended', sa.String(length=40), nullable=False),
    sa.Column('reversible', sa.Boolean(), nullable=False),
    sa.Column('deadline', otp.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('approver_seat_id', sa.String(length=40), nullable=True),
    sa.Column('approver_person_id', sa.String(length=40), nullable=True),
    sa.Column('hops', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('decision', sa.String(length=40), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('decided_by_kind', sa.String(length=8), nullable=True),
    sa.Column('decided_by_id', sa.String(length=40), nullable=True),
    sa.Column('decided_at', otp.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('result', sa.JSON(), nullable=True),
    sa.Column('created_at', otp.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("state in ('pending','approved','rejected','expired','escalated')", name='approval_state'),
    sa.ForeignKeyConstraint(['approver_person_id'], ['people.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['approver_seat_id'], ['seats.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requester_seat_id'], ['seats.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('approval_requests', schema=None) as batch_op:
        batch_op.create_index('ix_approvals_due', ['state', 'deadline'], unique=False)
        batch_op.create_index('ix_approvals_org_state', ['org_id', 'state'], unique=False)

    op.create_table('escalations',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('org_id', sa.String(length=40), nullable=False),
    sa.Column('raised_by_kind', sa.String(length=8), nullable=False),
    sa.Column('raised_by_id', sa.String(length=40), nullable=True),
    sa.Column('from_seat_id', sa.String(length=40), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('needed', sa.Text(), nullable=False),
    sa.Column('urgency', sa.String(length=8), nullable=False),
    sa.Column('link_type', sa.String(length=32), nullable=True),
    sa.Column('link_id', sa.String(length=40), nullable=True),
    sa.Column('holder_seat_id', sa.String(length=40), nullable=True),
    sa.Column('holder_person_id', sa.String(length=40), nullable=True),
    sa.Column('respond_by', otp.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('hops', sa.Integer(), nullable=False),
    sa.Column('path', sa.JSON(), nullable=False),
    sa.Column('at_top', sa.Boolean(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('resolution', sa.Text(), nullable=False),
    sa.Column('resolved_by_kind', sa.String(length=8), nullable=True),
    sa.Column('resolved_by_id', sa.String(length=40), nullable=True),
    sa.Column('resolved_at', otp.core.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', otp.core.types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("state in ('open','resolved')", name='escalation_state'),
    sa.CheckConstraint("urgency in ('low','normal','high','critical')", name='escalation_urgency'),
    sa.ForeignKeyConstraint(['from_seat_id'], ['seats.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['holder_person_id'], ['people.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['holder_seat_id'], ['seats.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('escalations', schema=None) as batch_op:
        batch_op.create_index('ix_escalations_due', ['state', 'at_top', 'respond_by'], unique=False)
        batch_op.create_index(batch_op.f('ix_escalations_org_id'), ['org_id'], unique=False)

    op.create_table('governance_outcome_grants',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('org_id', sa.String(length=40), nullable=False),
    sa.Column('outcome_id', sa.String(length=40), nullable=False),
    sa.Column('seat_id', sa.String(length=40), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('effect', sa.String(length=8), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['seat_id'], ['seats.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('governance_outcome_grants', schema=None) as batch_op:
        batch_op.create_index('ix_gov_grants_org', ['org_id', 'outcome_id'], unique=False)

    op.create_table('governance_seat_overrides',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('org_id', sa.String(length=40), nullable=False),
    sa.Column('seat_id', sa.String(length=40), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('effect', sa.String(length=8), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organizations.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['seat_id'], ['seats.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('governance_seat_overrides', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_governance_seat_overrides_org_id'), ['org_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('governance_seat_overrides', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_governance_seat_overrides_org_id'))

    op.drop_table('governance_seat_overrides')
    with op.batch_alter_table('governance_outcome_grants', schema=None) as batch_op:
        batch_op.drop_index('ix_gov_grants_org')

    op.drop_table('governance_outcome_grants')
    with op.batch_alter_table('escalations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_escalations_org_id'))
        batch_op.drop_index('ix_escalations_due')

    op.drop_table('escalations')
    with op.batch_alter_table('approval_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_approvals_org_state')
        batch_op.drop_index('ix_approvals_due')

    op.drop_table('approval_requests')
    with op.batch_alter_table('governance_incidents', schema=None) as batch_op:
        batch_op.drop_index('ix_incidents_agent')
        batch_op.drop_index(batch_op.f('ix_governance_incidents_org_id'))

    op.drop_table('governance_incidents')
    with op.batch_alter_table('autonomy_ledger', schema=None) as batch_op:
        batch_op.drop_index('ix_ledger_agent')
        batch_op.drop_index(batch_op.f('ix_autonomy_ledger_org_id'))

    op.drop_table('autonomy_ledger')
    with op.batch_alter_table('agent_guards', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agent_guards_org_id'))
        batch_op.drop_index(batch_op.f('ix_agent_guards_budget_check_due'))

    op.drop_table('agent_guards')
    with op.batch_alter_table('agent_costs', schema=None) as batch_op:
        batch_op.drop_index('ix_costs_agent_time')
        batch_op.drop_index(batch_op.f('ix_agent_costs_org_id'))

    op.drop_table('agent_costs')
    with op.batch_alter_table('inbox_items', schema=None) as batch_op:
        batch_op.drop_index('ix_inbox_recipient')
        batch_op.drop_index('ix_inbox_link')
        batch_op.drop_index(batch_op.f('ix_inbox_items_org_id'))

    op.drop_table('inbox_items')
    op.drop_table('governance_policies')
    with op.batch_alter_table('governance_hard_deny', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_governance_hard_deny_org_id'))

    op.drop_table('governance_hard_deny')
    op.drop_table('governance_allow_counts')
