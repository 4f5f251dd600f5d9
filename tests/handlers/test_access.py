"""One decorator answers "who is this, and may they do this" for every staff-only command."""

from __future__ import annotations

from typing import Any

from bot.emulator import Emulator
from tests.e2e.conftest import Clock, World
from tests.e2e.people import Person
from tests.handlers.harness import app, clock, emulator, join, world

__all__ = ["app", "clock", "emulator", "world"]

STRANGER = "本助手仅供已登记的辅导员、班主任和学院领导使用"
NOT_A_LEADER = "周报仅供学院领导和管理员查看"


async def test_it_refuses_a_stranger_politely(
    app: Any, emulator: Emulator, world: World, clock: Clock
) -> None:
    stranger = Person(emulator, 6666, "路人")
    for command in ("/me", "/digest", "/history", "/talk 2024010101"):
        clock.advance(minutes=1, seconds=1)  # a stranger is answered at most once a minute
        answer = await stranger.say(command)
        assert STRANGER in answer.plain_text


async def test_it_refuses_someone_without_the_role(
    app: Any, emulator: Emulator, world: World
) -> None:
    counselor = await join(emulator, world, "counselor", 5001)
    answer = await counselor.say("/digest")
    assert NOT_A_LEADER in answer.plain_text
    assert STRANGER not in answer.plain_text


async def test_it_lets_a_registered_person_with_the_role_through(
    app: Any, emulator: Emulator, world: World
) -> None:
    leader = await join(emulator, world, "leader", 5004)
    await leader.say("/digest")
    said = " ".join(m.plain_text for m in emulator.messages(leader.chat_id))
    assert world.class_a.name.split("2401")[0] in said or "周报" in said
    assert NOT_A_LEADER not in said and said.count(STRANGER) == 0
    counselor = await join(emulator, world, "counselor", 5001)
    me = await counselor.say("/me")
    assert f"{world.counselor.name} 的完成进度" in me.plain_text
