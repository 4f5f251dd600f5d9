"""SQLite through aiosqlite in one trip to its thread per statement, instead of four.

SQLAlchemy's aiosqlite adapter asks the driver for a cursor, then executes, fetches and
closes it, each an awaited hand-off to the connection's thread and back (a queue put, a
thread wake-up, a callback through the loop's self-pipe). For fudao's short statements the
hand-offs cost more CPU than SQLite does. Here a cursor does all four in the thread at once:
it runs the statement, fetches every row (fudao never streams results), notes what DB-API
readers ask afterwards (description, rowcount, lastrowid) and closes the SQLite cursor, so
that nothing of it is touched outside the thread. A write that ends a transaction can take its
commit along (`committing`): a save's audit line does. A commit or a rollback is one trip, taken
only when SQLite has a transaction open: a session that only read (pysqlite opens none for a
SELECT) ends with one that would cross to the thread for nothing, as the gate's look-up does.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import SQLiteDialect_aiosqlite
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection

Row = tuple[Any, ...]
# The rows, description, rowcount, lastrowid, and whether a transaction is open afterwards.
Ran = tuple[list[Row], Any, int, int | None, bool]


def _run(conn: sqlite3.Connection, many: bool, sql: str, parameters: Any, commit: bool) -> Ran:
    """In the connection's thread: execute, fetch everything, note the cursor's and the
    connection's facts, close; with `commit`, commit the transaction too."""
    cursor = conn.cursor()
    try:
        if many:
            cursor.executemany(sql, parameters)
        else:
            cursor.execute(sql, parameters)
        rows = cursor.fetchall() if cursor.description is not None else []
        ran = rows, cursor.description, cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()
    if commit:
        conn.commit()
    return *ran, conn.in_transaction


class OneTripCursor:
    """An aiosqlite-shaped cursor whose execute brings back every row in the same trip."""

    arraysize = 1

    def __init__(self, connection: OneTripConnection) -> None:
        self._connection = connection
        self._rows: list[Row] = []
        self.description: Any = None
        self.rowcount = -1
        self.lastrowid: int | None = None

    async def _trip(self, many: bool, sql: str, parameters: Any) -> OneTripCursor:
        commit, self._connection.commit_next = self._connection.commit_next, False
        try:
            ran: Ran = await self._connection.in_thread(_run, many, sql, parameters, commit)
        except BaseException:
            # A refused write may have opened a transaction (pysqlite begins before it runs).
            self._connection.in_transaction = True
            raise
        self._rows, self.description, self.rowcount, self.lastrowid, open_ = ran
        self._connection.in_transaction = open_
        return self

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> OneTripCursor:
        """Run one statement and keep its rows."""
        return await self._trip(False, sql, parameters if parameters is not None else ())

    async def executemany(self, sql: str, parameters: Sequence[Any]) -> OneTripCursor:
        """Run one statement for each parameter set."""
        return await self._trip(True, sql, parameters)

    async def fetchall(self) -> list[Row]:
        """The rows not fetched yet."""
        rows, self._rows = self._rows, []
        return rows

    async def fetchmany(self, size: int | None = None) -> list[Row]:
        """The next `size` rows (`arraysize` by default)."""
        n = size or self.arraysize
        rows, self._rows = self._rows[:n], self._rows[n:]
        return rows

    async def fetchone(self) -> Row | None:
        """The next row, or None."""
        rows = await self.fetchmany(1)
        return rows[0] if rows else None

    async def close(self) -> None:
        """Drop the rows left (the SQLite cursor was closed in its trip)."""
        self._rows = []

    async def __aenter__(self) -> OneTripCursor:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.close()


class OneTripConnection(aiosqlite.Connection):
    """aiosqlite's connection, handing out one-trip cursors."""

    # What SQLite said after the last statement; until the first, and after one that failed,
    # a transaction is taken to be open, so that the rollback takes its trip.
    in_transaction = True
    # Set by `committing`: the next statement commits in its trip.
    commit_next = False

    def cursor(self) -> OneTripCursor:  # type: ignore[override]
        """A cursor; creating it needs no trip, as the SQLite one is made per statement."""
        return OneTripCursor(self)

    async def commit(self) -> None:
        """Commit, with no trip when SQLite has no transaction open (a read's end)."""
        if self.in_transaction:
            await super().commit()
            self.in_transaction = False

    async def rollback(self) -> None:
        """Roll back, with no trip when SQLite has no transaction open."""
        if self.in_transaction:
            await super().rollback()
            self.in_transaction = False

    async def in_thread(self, fn: Callable[..., Ran], *args: Any) -> Ran:
        """Run `fn(sqlite3 connection, *args)` in the connection's thread."""

        def call() -> Ran:
            return fn(self._conn, *args)

        result: Ran = await self._execute(call)  # type: ignore[no-untyped-call]
        return result


@asynccontextmanager
async def committing(conn: AsyncConnection) -> AsyncIterator[None]:
    """Within, the next statement on `conn` also commits its transaction, on SQLite in the
    same trip to the thread (elsewhere it only runs). The caller still commits afterwards, as
    SQLAlchemy must hear of it: on SQLite that finds nothing open and takes no trip."""
    driver = (await conn.get_raw_connection()).driver_connection
    if not isinstance(driver, OneTripConnection):
        yield
        return
    driver.commit_next = True
    try:
        yield
    finally:
        driver.commit_next = False


def one_trip_creator(url: str) -> Callable[[], OneTripConnection]:
    """An `async_creator` for create_async_engine: the URL's file and options, as SQLAlchemy's
    aiosqlite dialect would pass them to aiosqlite.connect."""
    args, kwargs = SQLiteDialect_aiosqlite().create_connect_args(make_url(url))

    def connect() -> OneTripConnection:
        def connector() -> sqlite3.Connection:
            made: sqlite3.Connection = sqlite3.connect(*args, **kwargs)  # type: ignore[call-overload]
            return made

        connection = OneTripConnection(connector, iter_chunk_size=64)
        # As SQLAlchemy does for the connections it makes: a forgotten one never holds up exit.
        connection._thread.daemon = True
        return connection

    return connect
