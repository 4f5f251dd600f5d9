"""SQLite statements go to aiosqlite's thread once each, and answer as the DB-API says."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from models.db import Database
from models.sqlite_trips import OneTripConnection, committing

TABLE = sa.Table(
    "notes",
    sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("word", sa.String, unique=True, nullable=False),
)


@pytest.fixture
async def fresh(tmp_path: Path) -> Any:
    """A database file of its own, with one small table."""
    database = Database(f"sqlite:///{tmp_path / 'trips.db'}")
    async with database.engine.begin() as conn:
        await conn.run_sync(TABLE.metadata.create_all)
    yield database
    await database.dispose()


def count_trips(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the functions handed to a connection's thread from now on."""
    trips: list[str] = []
    original = OneTripConnection._execute

    async def counted(self: OneTripConnection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        trips.append(getattr(fn, "__name__", type(fn).__name__))
        return await original(self, fn, *args, **kwargs)  # type: ignore[no-untyped-call]

    monkeypatch.setattr(OneTripConnection, "_execute", counted)
    return trips


async def test_a_select_is_one_trip_and_brings_back_every_row(
    fresh: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with fresh.engine.begin() as conn:
        await conn.execute(TABLE.insert(), [{"word": w} for w in ("宿舍", "谈心", "班会")])
    async with fresh.engine.connect() as conn:
        trips = count_trips(monkeypatch)
        result = await conn.execute(sa.select(TABLE.c.word).order_by(TABLE.c.id))
        assert [tuple(result.keys()), *result.all()] == [("word",), ("宿舍",), ("谈心",), ("班会",)]
        assert trips == ["call"]  # aiosqlite's own cursor made four: cursor, execute, fetch, close


async def test_writes_report_their_rows_and_new_ids(fresh: Database) -> None:
    async with fresh.engine.begin() as conn:
        first = await conn.execute(TABLE.insert().values(word="一"))
        second = await conn.execute(TABLE.insert().values(word="二"))
        assert (first.inserted_primary_key, second.inserted_primary_key) == ((1,), (2,))
        changed = await conn.execute(
            TABLE.update().where(TABLE.c.id <= 2).values(word=TABLE.c.word + "!")
        )
        assert changed.rowcount == 2
        returned = await conn.execute(TABLE.insert().values(word="三").returning(TABLE.c.id))
        assert returned.scalar_one() == 3
    async with fresh.engine.connect() as conn:
        words = (await conn.execute(sa.select(TABLE.c.word).order_by(TABLE.c.id))).scalars().all()
    assert words == ["一!", "二!", "三"]


async def test_a_refused_write_raises_and_its_transaction_rolls_back(fresh: Database) -> None:
    with pytest.raises(IntegrityError):
        async with fresh.engine.begin() as conn:
            await conn.execute(TABLE.insert().values(word="同"))
            await conn.execute(TABLE.insert().values(word="同"))
    async with fresh.engine.connect() as conn:
        assert (await conn.execute(sa.select(sa.func.count()).select_from(TABLE))).scalar() == 0
        # The connection still works after the failure.
        await conn.execute(TABLE.insert().values(word="再"))
        assert (await conn.execute(sa.select(TABLE.c.word))).scalar() == "再"


async def test_the_file_keeps_what_was_committed_across_connections(
    fresh: Database, tmp_path: Path
) -> None:
    async with fresh.engine.begin() as conn:
        await conn.execute(TABLE.insert().values(word="留"))
    await fresh.dispose()
    again = Database(f"sqlite:///{tmp_path / 'trips.db'}")
    try:
        async with again.engine.connect() as conn:
            assert (await conn.execute(sa.select(TABLE.c.word))).scalar() == "留"
    finally:
        await again.dispose()


async def test_a_commit_or_rollback_crosses_to_the_thread_only_when_a_transaction_is_open(
    fresh: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with fresh.engine.begin() as conn:
        await conn.execute(TABLE.insert().values(word="留"))
    trips = count_trips(monkeypatch)
    async with fresh.engine.connect() as conn:  # ends with a rollback, of a read only
        await conn.execute(sa.select(TABLE.c.word))
    async with fresh.engine.connect() as conn:  # a read committed: nothing to commit
        await conn.execute(sa.select(TABLE.c.word))
        await conn.commit()
    assert trips == ["call", "call"]
    trips.clear()
    async with fresh.engine.connect() as conn:
        await conn.execute(TABLE.insert().values(word="撤"))
        await conn.rollback()
    assert trips == ["call", "rollback"]
    with pytest.raises(IntegrityError):  # refused, inside the transaction pysqlite began for it
        async with fresh.engine.connect() as conn:
            await conn.execute(TABLE.insert().values(word="留"))
    async with fresh.engine.connect() as conn:
        words = (await conn.execute(sa.select(TABLE.c.word))).scalars().all()
        # Nothing was left half done: the next writer is not blocked by an open transaction.
        await conn.execute(TABLE.insert().values(word="新"))
        await conn.commit()
    assert words == ["留"]
    assert trips[-3:] == ["call", "call", "commit"] and trips.count("rollback") == 2


async def test_a_write_in_committing_takes_its_commit_along_in_one_trip(
    fresh: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    trips = count_trips(monkeypatch)
    async with fresh.engine.connect() as conn:
        await conn.execute(TABLE.insert().values(word="先"))
        async with committing(conn):
            await conn.execute(TABLE.insert().values(word="后"))
        await conn.commit()  # SQLAlchemy hears of it; SQLite has nothing open
        await conn.execute(TABLE.insert().values(word="未"))  # not committed: rolled back
    assert trips == ["call", "call", "call", "rollback"]
    async with fresh.engine.connect() as conn:
        words = (await conn.execute(sa.select(TABLE.c.word).order_by(TABLE.c.id))).scalars()
        assert list(words) == ["先", "后"]


async def test_a_refused_write_in_committing_commits_nothing(fresh: Database) -> None:
    with pytest.raises(IntegrityError):
        async with fresh.engine.begin() as conn:
            await conn.execute(TABLE.insert().values(word="甲"))
            async with committing(conn):
                await conn.execute(TABLE.insert().values(word="甲"))
    async with fresh.engine.connect() as conn:
        # The next statement is a plain one again, and nothing of the refused transaction stayed.
        await conn.execute(TABLE.insert().values(word="乙"))
        await conn.rollback()
        assert (await conn.execute(sa.select(sa.func.count()).select_from(TABLE))).scalar() == 0
