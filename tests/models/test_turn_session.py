"""An update's turn shares one session between its users, and closes it when the turn ends."""

from __future__ import annotations

import asyncio

import pytest
from sqlmodel import select

from models.db import Database, one_session_per_turn
from models.org import College


async def test_within_a_turn_every_user_gets_the_same_session_and_it_closes_after(
    db: Database,
) -> None:
    async with one_session_per_turn():
        async with db.turn_session() as gate:
            gate.add(College(name="文学院"))
            await gate.flush()  # written, not committed: the handler goes on with it
        async with db.turn_session() as handler:
            assert handler is gate
            names = (await handler.exec(select(College.name))).all()
            await handler.commit()
    assert names == ["文学院"]
    assert not gate.in_transaction() and not list(gate)  # closed: nothing held
    async with db.session() as other:
        assert (await other.exec(select(College.name))).all() == ["文学院"]


async def test_outside_a_turn_each_user_has_a_session_of_its_own(db: Database) -> None:
    async with db.turn_session() as first:
        first.add(College(name="理学院"))
        await first.flush()
    async with db.turn_session() as second:
        assert second is not first
        # The first closed without committing: its write is gone.
        assert (await second.exec(select(College.name))).all() == []


async def test_a_task_started_within_the_turn_uses_a_session_of_its_own(db: Database) -> None:
    async def elsewhere() -> int:
        async with db.turn_session() as session:
            return id(session)

    async with one_session_per_turn(), db.turn_session() as mine:
        theirs = await asyncio.create_task(elsewhere())
    assert theirs != id(mine)


async def test_a_failure_closes_the_turns_session_and_its_next_user_starts_afresh(
    db: Database,
) -> None:
    async with one_session_per_turn():
        with pytest.raises(RuntimeError):
            async with db.turn_session() as failed:
                failed.add(College(name="工学院"))
                await failed.flush()
                raise RuntimeError("the handler broke")
        assert not failed.in_transaction()  # rolled back and closed
        async with db.turn_session() as error_handler, db.turn_session() as after_it:
            assert error_handler is not failed and after_it is error_handler
            assert (await error_handler.exec(select(College.name))).all() == []
