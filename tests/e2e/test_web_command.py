"""/web: a one-time sign-in link to the web console and a Mini App button, or a plain no."""

from __future__ import annotations

from typing import Any

import pytest

from bot.emulator import Emulator
from services.context import services_of
from tests.e2e.conftest import World
from tests.e2e.people import Person

pytestmark = pytest.mark.usefixtures("app")


async def _leader(emulator: Emulator, world: World) -> Person:
    person = Person(emulator, 9101, "王书记")
    await person.say(f"/start {world.tokens['leader']}")
    return person


async def test_it_sends_a_one_time_link_and_a_mini_app_button(
    emulator: Emulator, world: World, app: Any
) -> None:
    services_of(app.bot_data).web_url = "https://console.example.edu.cn/"
    leader = await _leader(emulator, world)
    answer = await leader.say("/web")
    assert "https://console.example.edu.cn/app/signin?token=" in answer.text
    assert "10 分钟" in answer.text
    (button,) = answer.reply_markup[0]
    assert button["web_app"] == {"url": "https://console.example.edu.cn/app"}
    again = await leader.say("/web")
    assert again.text.split("token=")[1] != answer.text.split("token=")[1]


async def test_it_says_so_when_no_console_is_set_up(emulator: Emulator, world: World) -> None:
    leader = await _leader(emulator, world)
    answer = await leader.say("/web")
    assert "尚未开通" in answer.text and answer.reply_markup is None
