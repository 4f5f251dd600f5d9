"""/talk and the /log form save through one path: a repeated Telegram update saves nothing more."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

import services.records
from bot.emulator import Emulator
from models.db import Database
from tests.e2e.conftest import World
from tests.e2e.test_log_flows import records
from tests.handlers.harness import app, clock, emulator, join, world

__all__ = ["app", "clock", "emulator", "world"]


def saved_messages(emulator: Emulator, chat_id: int) -> int:
    """How many times the bot said a record was saved."""
    return sum("已保存" in m.plain_text for m in emulator.messages(chat_id))


async def test_it_saves_a_talk_shortcut_once_when_its_update_comes_twice(
    app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    me = await join(emulator, world, "counselor", 5001)
    update = await emulator.send_text(me.user, f"/talk {world.students[0].student_no} 今天 聊了")
    await emulator.wait_for_message(me.chat_id, predicate=lambda m: "已保存" in m.plain_text)
    await emulator.send_update_raw(update)
    await me.say("/history")
    [record] = await records(db)
    assert record.kind == "talk" and record.note == "聊了"


async def test_it_saves_a_log_form_once_when_its_confirm_comes_twice(
    app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    me = await join(emulator, world, "counselor", 5001)
    await me.say("/log")
    await me.tap("走访宿舍")
    await me.tap("7号楼 312")
    await me.tap("违规电器")
    await me.tap("完成")
    await me.tap("今天")
    await me.tap("跳过")
    confirm = await me.tap("否")
    data = next(d for label, d in confirm.buttons() if "确认保存" in label)
    update = await emulator.press_button(me.user, confirm.message_id, data)
    await emulator.wait_for(lambda: saved_messages(emulator, me.chat_id))
    await emulator.send_update_raw(update)
    await me.say("/history")
    assert len(await records(db)) == 1
    assert saved_messages(emulator, me.chat_id) == 1


async def test_a_save_the_database_refuses_is_answered_and_logged_without_the_note(
    app: Any,
    emulator: Emulator,
    world: World,
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def refused(*_args: Any, **_kwargs: Any) -> Any:
        raise OperationalError("INSERT INTO work_records …", {}, Exception("database is locked"))

    monkeypatch.setattr(services.records, "save_record", refused)
    me = await join(emulator, world, "counselor", 5001)
    await emulator.send_text(me.user, f"/talk {world.students[0].student_no} 今天 聊了家里的事")
    answer = await emulator.wait_for_message(
        me.chat_id, predicate=lambda m: "出了问题" in m.plain_text
    )
    assert "/history" in answer.plain_text  # where to see whether it was saved
    assert not any(m.plain_text.startswith("✅") for m in emulator.messages(me.chat_id))
    assert await records(db) == []
    assert "OperationalError" in caplog.text and "家里的事" not in caplog.text
