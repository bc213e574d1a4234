"""Every table, column, index and constraint the models declare is created by the migrations,
and nothing else: a column added to a model without its migration fails here, not in production
on the first request that touches it."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from otp.all_models import metadata
from tests.dbs import fresh_database


def test_a_freshly_migrated_database_matches_the_models(tmp_path):
    with fresh_database(tmp_path) as url:
        engine = create_engine(url)
        try:
            with engine.connect() as conn:
                diffs = compare_metadata(MigrationContext.configure(conn), metadata)
        finally:
            engine.dispose()
    assert diffs == []
