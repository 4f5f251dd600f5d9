"""The production Application against the emulator, and the `fudao` command's environment."""

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from models.db import Database
from tests.handlers.harness import app, cli_env, clock, emulator, world

__all__ = ["app", "cli_env", "clock", "emulator", "world"]


@pytest.fixture(autouse=True)
def empty_postgresql_after(pg_database: str | None) -> Iterator[None]:
    """The commands here migrate the shared PostgreSQL database: leave it empty, version too."""
    yield
    if pg_database is None:
        return
    engine = sa.create_engine(Database.sync_url_of(pg_database))
    try:
        tables = sa.MetaData()
        tables.reflect(engine)
        tables.drop_all(engine)
    finally:
        engine.dispose()
