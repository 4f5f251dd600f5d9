"""Flood: one refusal a minute for a stranger; past 60 updates a minute a person is asked to
slow down, and what they send meanwhile does nothing."""

from __future__ import annotations

from typing import Any

from bot.emulator import Emulator
from models.db import Database
from tests.e2e.conftest import Clock, World, app, clock, emulator, world
from tests.e2e.people import Person
from tests.e2e.test_log_flows import records, registered

__all__ = ["app", "clock", "emulator", "world"]


async def test_it_refuses_a_stranger_at_most_once_a_minute(
    app: Any, emulator: Emulator, world: World, clock: Clock
) -> None:
    stranger = Person(emulator, 6001, "陌生人")
    assert "邀请链接" in (await stranger.say("你好")).plain_text
    for _ in range(5):
        await emulator.send_text(stranger.user, "在吗")
    clock.advance(minutes=1, seconds=1)
    # One person's updates are handled in order: this answer comes after the five above.
    await stranger.say("还在吗")
    assert len(emulator.messages(6001)) == 2


async def test_it_asks_a_fast_sender_to_slow_down_and_does_nothing_meanwhile(
    app: Any, emulator: Emulator, world: World, db: Database, clock: Clock
) -> None:
    me = await registered(emulator, world)
    for _ in range(59):
        await emulator.send_text(me.user, "/rules")
    # The 61st update of the minute (the /start was the first).
    await emulator.send_text(me.user, "/talk 2024010201 今天 第六十一条")
    await emulator.wait_for(lambda: "太快" in me.last().plain_text)
    assert await records(db) == []
    clock.advance(minutes=1, seconds=1)
    assert "已保存" in (await me.say("/talk 2024010201 今天 稍后")).plain_text
