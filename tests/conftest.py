"""Fixtures shared by every test: a fresh database on SQLite or on PostgreSQL."""

from __future__ import annotations

import logging
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import settings
from sqlmodel.ext.asyncio.session import AsyncSession

from models.crypto import KEYS_ENV, new_key
from models.db import Database, async_url
from tests.databases import (
    TEST_APP_NAME,
    WORKER,
    PostgresSchema,
    copy_template,
    sqlite_template,
)

os.environ.setdefault("PTB_TIMEDELTA", "1")
os.environ.setdefault("PGAPPNAME", TEST_APP_NAME)
# Notes are encrypted at rest: the tests (and the CLI runs they start) share a throwaway key.
os.environ.setdefault(KEYS_ENV, new_key())
# No timed assertions: Hypothesis's 200 ms deadline per example fails on a busy machine.
settings.register_profile("fudao", deadline=None)
settings.load_profile("fudao")
# httpx logs every request URL at INFO, and a Bot API URL carries the token.
logging.getLogger("httpx").setLevel(logging.WARNING)

# `make test` sets this for the PostgreSQL pass; unset means SQLite.
PG_URL = os.environ.get("FUDAO_TEST_DATABASE_URL", "")
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")


def find_chromium(
    env: Mapping[str, str] = os.environ, which: Callable[[str], str | None] = shutil.which
) -> str | None:
    """The Chromium the browser tests drive: FUDAO_CHROMIUM if it exists, else one on the PATH."""
    given = env.get("FUDAO_CHROMIUM")
    if given:
        return given if Path(given).is_file() else None
    return next((found for name in CHROMIUM_NAMES if (found := which(name))), None)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the tests that take no database `pure`, and skip the `browser` tests when no
    Chromium is found, unless CI requires them."""
    pure = pytest.mark.pure
    for item in items:
        # Every database a test gets comes through pg_database (database_url, db, session,
        # app, ... depend on it), so its absence is what makes a test pure.
        if "pg_database" not in getattr(item, "fixturenames", ()):
            item.add_marker(pure)
    if find_chromium() is not None or os.environ.get("FUDAO_REQUIRE_BROWSER") == "1":
        return
    skip = pytest.mark.skip(reason="no Chromium found (set FUDAO_CHROMIUM or install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def sqlite_template_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every table, no rows, in an SQLite file that each test's `db` copies."""
    return sqlite_template(tmp_path_factory.mktemp("template"))


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str | None]:
    """A throwaway PostgreSQL database for this test session (one per xdist worker)."""
    if not PG_URL:
        yield None
        return
    name = f"fudao_test_{WORKER}_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(async_url(PG_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    base = PG_URL.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    if _schema is not None:
        _schema.dispose()
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


_schema: PostgresSchema | None = None


def postgres_schema(url: str) -> PostgresSchema:
    """The worker's one keeper of its PostgreSQL database's shape."""
    global _schema
    if _schema is None or _schema.url != url:
        _schema = PostgresSchema(url)
    return _schema


@pytest.fixture
def database_url(
    tmp_path: Path, pg_database: str | None, request: pytest.FixtureRequest
) -> Iterator[str]:
    """The URL of an empty database for one test (with empty tables when it uses `db`)."""
    if pg_database is None:
        yield f"sqlite:///{tmp_path / 'fudao.db'}"
        return
    schema = postgres_schema(pg_database)
    schema.prepare(with_tables="db" in request.fixturenames)
    yield pg_database
    schema.end_strays()


@pytest.fixture
async def db(
    database_url: str, pg_database: str | None, sqlite_template_file: Path
) -> AsyncIterator[Database]:
    """A database with every table created and emptied after the test."""
    if pg_database is None:
        copy_template(sqlite_template_file, database_url)
    database = Database(database_url)
    yield database
    await database.dispose()
    if pg_database is not None:
        postgres_schema(pg_database).empty()


@pytest.fixture
async def session(db: Database) -> AsyncIterator[AsyncSession]:
    """One session on the test database."""
    async with db.session() as s:
        yield s
