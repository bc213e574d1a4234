"""Applying migrations from code (otp migrate, serve and demo call this)."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "heads") -> None:
    """Apply every branch: domains add their migrations as branches off the foundation."""
    command.upgrade(alembic_config(url), revision)


def revision(url: str, message: str, rev_id: str, down: str | None = None) -> None:
    """Developer helper: autogenerate a revision against an up-to-date database."""
    command.revision(alembic_config(url), message=message, autogenerate=True, rev_id=rev_id)
