"""Cheap fresh databases for tests: a copied SQLite file, a PostgreSQL schema emptied in place.

Creating the tables costs a quarter of a second on SQLite and over a second on PostgreSQL
(create, then drop) on a loaded machine; a thousand tests pay it. Instead SQLite copies a file
made once per session, and PostgreSQL keeps the tables between tests and deletes their rows.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import SQLModel

from models.db import async_url

# The test process runs under pytest-xdist as gw0, gw1, ...; alone it is "main".
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
# What the tests' own connections call themselves on PostgreSQL (libpq reads PGAPPNAME, also
# in the CLI processes tests start); the keeper of a worker's database calls itself otherwise.
TEST_APP_NAME = "fudao-test"
KEEPER_APP_NAME = "fudao-test-keeper"


def sqlite_template(folder: Path) -> Path:
    """A database file holding every table and no rows, made once and copied by each test."""
    path = folder / "template.db"
    engine = sa.create_engine(f"sqlite:///{path}")
    try:
        SQLModel.metadata.create_all(engine)
    finally:
        engine.dispose()
    return path


def copy_template(template: Path, url: str) -> None:
    """Put a copy of the template where the SQLite URL points (the tables, no rows)."""
    path = Path(url.removeprefix("sqlite:///"))
    if not path.exists():
        shutil.copyfile(template, path)


class PostgresSchema:
    """The worker's PostgreSQL database, kept between tests in one of two known shapes.

    A test that uses `db` finds every table, empty, with sequences restarted (as create_all
    would leave them); any other test finds no table at all, as a command that migrates
    expects. Only a `db` teardown vouches for empty tables, so whatever else a test does to
    the database (migrate, drop, leave rows) is undone before the next one.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = sa.create_engine(
            async_url(url), connect_args={"application_name": KEEPER_APP_NAME}
        )
        self.emptied = False  # the last test's `db` teardown deleted every row

    def tables(self) -> set[str]:
        """The tables now in the database."""
        with self.engine.connect() as conn:
            query = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            return set(conn.exec_driver_sql(query).scalars())

    def prepare(self, with_tables: bool) -> None:
        """Bring the database to the shape the next test expects."""
        emptied, self.emptied = self.emptied, False
        found = self.tables()
        if with_tables and emptied and found == set(SQLModel.metadata.tables):
            return
        if found:
            with self.engine.begin() as conn:
                # Types and sequences a migration made go too, not only the tables.
                conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        if with_tables:
            SQLModel.metadata.create_all(self.engine)

    def empty(self) -> None:
        """Delete every row and restart the id sequences: the state create_all leaves."""
        if self.tables() != set(SQLModel.metadata.tables):
            return  # the test changed the schema itself: the next one starts from scratch
        tables = reversed(SQLModel.metadata.sorted_tables)
        statements = [f'DELETE FROM "{table.name}"' for table in tables]
        statements.append(
            "SELECT setval(oid, 1, false) FROM pg_class"
            " WHERE relkind = 'S' AND relnamespace = current_schema()::regnamespace"
        )
        with self.engine.begin() as conn:
            conn.exec_driver_sql("; ".join(statements))
        self.emptied = True

    def end_strays(self) -> None:
        """Close what a finished test left connected (an engine nobody disposed keeps its
        pool until it is collected): two workers' leftovers must not exhaust the server's
        max_connections, as they once did on CI."""
        with self.engine.connect() as conn:
            conn.exec_driver_sql(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                " AND application_name = %(name)s",
                {"name": TEST_APP_NAME},
            )

    def dispose(self) -> None:
        """Close the pooled connections."""
        self.engine.dispose()
