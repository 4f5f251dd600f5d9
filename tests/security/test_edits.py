"""Only new messages and button presses are handled: an edited command does nothing."""

from __future__ import annotations

from typing import Any

from bot.emulator import Emulator
from models.db import Database
from tests.e2e.conftest import World, app, clock, emulator, world
from tests.e2e.test_log_flows import records, registered

__all__ = ["app", "clock", "emulator", "world"]


async def test_it_does_not_log_a_talk_again_when_the_command_is_edited(
    app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    me = await registered(emulator, world)
    sent = await emulator.send_text(me.user, "/talk 2024010201 今天 了解 学业")
    await emulator.wait_for(lambda: "已保存" in me.last().plain_text)
    await emulator.edit_text(me.user, sent["message"]["message_id"], "/talk 2024010201 今天 再次")
    # Updates are handled in order: once /me is answered, the edit has been seen.
    await me.say("/me")
    assert [r.note for r in await records(db)] == ["了解 学业"]


async def test_it_ignores_an_edit_that_turns_a_text_into_a_command(
    app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    me = await registered(emulator, world)
    before = len(emulator.messages(me.chat_id))
    sent = await emulator.send_text(me.user, "你好")
    await emulator.wait_for(lambda: len(emulator.messages(me.chat_id)) > before)
    await emulator.edit_text(me.user, sent["message"]["message_id"], "/dorm 7号楼 312 今天 正常")
    await me.say("/me")
    assert await records(db) == []
