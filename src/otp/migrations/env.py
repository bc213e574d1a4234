"""Alembic environment. Run through otp.core.migrate (the `otp migrate` command); batch mode
is on so the same migrations can alter tables on SQLite."""
from __future__ import annotations

from alembic import context

from otp.all_models import metadata
from otp.core.db import make_engine
from otp.search.fts import not_a_model

config = context.config


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True,
                      compare_type=True, include_object=not_a_model)
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
