"""Forms in the chat: one live keyboard at a time, old buttons refused, a restart survived."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlmodel import select

from bot.emulator import Emulator
from models.db import Database
from models.records import WorkRecord
from tests.e2e.conftest import Clock, World, start_application, stop_application
from tests.e2e.people import Person, buttons_of, labels, snapshot
from tests.handlers.harness import join

GONE = "这一步已经过去了"


def keyboards(person: Person) -> list[int]:
    """The ids of the chat's messages that still carry buttons."""
    return [m.message_id for m in person.emu.messages(person.chat_id) if buttons_of(m)]


async def records(db: Database) -> list[WorkRecord]:
    """Every record saved."""
    async with db.session() as session:
        return list((await session.exec(select(WorkRecord))).all())


async def test_it_keeps_one_live_keyboard_and_refuses_an_old_step(
    app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    me = await join(emulator, world, "counselor", 5001)
    await me.say("/log")
    rooms = await me.tap("走访宿舍")
    # The emulator's messages are live: read the button before the form moves on.
    old_data = next(d for label, d in buttons_of(rooms) if "7号楼 312" in label)
    findings = await me.say("8号楼 105")
    assert "违规电器" in labels(findings)
    assert keyboards(me) == [findings.message_id]
    before = snapshot(emulator, me.chat_id)
    assert await me.press_stale(rooms, old_data) == GONE
    assert snapshot(emulator, me.chat_id) == before
    await me.tap("违规电器")
    await me.tap("完成")
    await me.tap("昨天")
    await me.tap("跳过")
    confirm = await me.tap("否")
    assert "宿舍：8号楼 105" in confirm.plain_text
    assert keyboards(me) == [confirm.message_id]
    done = await me.tap("确认保存")
    assert "已保存" in done.plain_text
    assert keyboards(me) == []
    [record] = await records(db)
    assert record.dorm == "8号楼 105"


async def test_it_removes_the_keyboard_when_the_form_is_cancelled(
    app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    me = await join(emulator, world, "counselor", 5001)
    await me.say("/log")
    await me.tap("走访宿舍")
    findings = await me.say("8号楼 105")
    # The emulator's messages are live: read the button before the form drops it.
    [(_label, data), *_rest] = buttons_of(findings)
    cancelled = await me.say("/cancel")
    assert "已取消" in cancelled.plain_text
    assert keyboards(me) == []
    assert await me.press_stale(findings, data) == GONE
    assert await records(db) == []


@pytest.fixture
async def restartable() -> AsyncIterator[list[Any]]:
    """Applications started one after another on the same database, stopped at the end."""
    running: list[Any] = []
    yield running
    for application in running:
        if application.running:
            await stop_application(application)


async def test_it_continues_a_half_filled_form_after_a_restart(
    emulator: Emulator,
    world: World,
    db: Database,
    database_url: str,
    clock: Clock,
    tmp_path: Any,
    restartable: list[Any],
) -> None:
    restartable.append(await start_application(emulator, database_url, clock, tmp_path))
    me = await join(emulator, world, "counselor", 5001)
    await me.say("/log")
    await me.tap("走访宿舍")
    await me.say("7号楼 312")
    await stop_application(restartable[0])
    restartable.append(await start_application(emulator, database_url, clock, tmp_path))
    await me.tap("违规电器")
    await me.tap("完成")
    await me.tap("今天")
    await me.tap("跳过")
    confirm = await me.tap("否")
    assert "宿舍：7号楼 312" in confirm.plain_text
    done = await me.tap("确认保存")
    assert "已保存" in done.plain_text
    [record] = await records(db)
    assert record.dorm == "7号楼 312"
