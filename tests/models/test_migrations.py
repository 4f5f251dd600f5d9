"""The migrations build exactly the schema the models describe, and can be undone."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from models.db import Database
from models.migrate import alembic_config, upgrade


def test_it_migrates_an_empty_database_to_the_models_schema(database_url: str) -> None:
    from alembic import command

    upgrade(database_url)
    engine = sa.create_engine(Database.sync_url_of(database_url))
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
            tables = set(sa.inspect(conn).get_table_names())
        assert diff == []
        assert {"students", "staff", "work_records", "invites", "audit_log"} <= tables
        command.downgrade(alembic_config(database_url), "base")
        with engine.connect() as conn:
            assert set(sa.inspect(conn).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()
