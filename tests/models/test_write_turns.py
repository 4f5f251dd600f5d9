"""SQLite writers of one process take turns on an asyncio lock; PostgreSQL writers need none."""

from __future__ import annotations

import asyncio

from models.db import Database
from models.write_turns import write_turn


async def test_writers_take_turns_on_sqlite_and_not_on_postgresql(db: Database) -> None:
    inside: list[int] = []
    most = 0

    async def writer(n: int) -> None:
        nonlocal most
        async with db.session() as session, write_turn(session):
            inside.append(n)
            most = max(most, len(inside))
            await asyncio.sleep(0.01)  # a statement's hop to the driver and back
            inside.remove(n)

    await asyncio.gather(*(writer(n) for n in range(5)))
    assert most == (1 if db.engine.dialect.name == "sqlite" else 5)
