"""Every table, column, index and constraint the models declare is created by the migrations,
and nothing else: a column added to a model without its migration fails here, not in production
on the first request that touches it. The full-text index beside search_entries (an FTS5 table
on SQLite, a generated tsvector column on PostgreSQL) is left out: no model can declare it on
both databases, so otp.search.fts creates it in the migration and names it for this check."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from otp.all_models import metadata
from otp.search.fts import not_a_model
from tests.dbs import fresh_database


def test_a_freshly_migrated_database_matches_the_models(tmp_path):
    with fresh_database(tmp_path) as url:
        engine = create_engine(url)
        try:
            with engine.connect() as conn:
                diffs = compare_metadata(MigrationContext.configure(conn, opts={"include_object": not_a_model}), metadata)
        finally:
            engine.dispose()
    assert diffs == []
