"""search: one table of entries, its full-text index (FTS5 on SQLite, tsvector + GIN on
PostgreSQL), and every existing searchable row indexed.

It depends on the branch heads that build or alter the tables it reads (work, scorecard,
meetings, SOPs, people, organizations), so the backfill finds them complete.

Revision ID: 0023_search
"""
from alembic import op
import sqlalchemy as sa

revision = "0023_search"
down_revision = "0002_work"  # the work branch; the other tables it reads come by depends_on
branch_labels = None
depends_on = ("0009_scorecard_entries_cover", "0011_meetings_calendar_feed", "0013_people_signin",
              "0015_org_agents_stop_switch", "0022_outbox_webhook_format")


def upgrade() -> None:
    from otp.core.types import UTCDateTime
    from otp.search import backfill, fts
    op.create_table(
        "search_entries",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
        sa.Column("org_id", sa.String(40), sa.ForeignKey("organizations.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("ref_id", sa.String(40), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("parent_id", sa.String(40), nullable=True),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("org_id", "ref_id", name="uq_search_entries_org_ref"),
    )
    op.create_index("ix_search_entries_org_kind", "search_entries", ["org_id", "kind"])
    conn = op.get_bind()
    fts.create(conn)
    backfill.run(conn)


def downgrade() -> None:
    from otp.search import fts
    fts.drop(op.get_bind())
    op.drop_index("ix_search_entries_org_kind", table_name="search_entries")
    op.drop_table("search_entries")
