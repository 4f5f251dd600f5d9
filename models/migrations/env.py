"""Alembic environment: compares against SQLModel's metadata."""

from __future__ import annotations

from alembic import context
from sqlalchemy import engine_from_config, pool
from sqlmodel import SQLModel

import models.db  # noqa: F401  (registers every table)

config = context.config
target_metadata = SQLModel.metadata


def run_migrations() -> None:
    """Run migrations on a live connection (batch mode lets SQLite alter tables)."""
    connectable = engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
        # Migrations copy notes: a failing statement must not print them.
        hide_parameters=True,
    )
    with connectable.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations()
