"""Alembic migrations, run from code so that `fudao db upgrade` needs no alembic.ini."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlmodel import SQLModel

from models.db import Database, private_file, sqlite_path

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    """An alembic configuration pointing at our migrations and the given database."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # alembic runs synchronously: give it the blocking twin of the async driver.
    sync_url = Database.sync_url_of(url)
    config.set_main_option("sqlalchemy.url", sync_url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "heads") -> None:
    """Bring the database schema up to `revision` (every branch by default)."""
    file = sqlite_path(url)
    if file is not None:
        private_file(file)
    command.upgrade(alembic_config(url), revision)


def revision(url: str, message: str) -> None:
    """Write a new migration by comparing the models with the database (for developers)."""
    command.revision(alembic_config(url), message=message, autogenerate=True)


def drop_everything(url: str) -> None:
    """Drop every table and the migration marker, so that `upgrade` starts from scratch."""
    engine = sa.create_engine(Database.sync_url_of(url))
    try:
        with engine.begin() as conn:
            SQLModel.metadata.drop_all(conn)
            conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
    finally:
        engine.dispose()
