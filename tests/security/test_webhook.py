"""The webhook refuses requests without the secret, with a wrong one, and bodies over 1 MB."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from bot.cli import main
from bot.emulator import Emulator
from tests.e2e.conftest import World, app, clock, emulator, world
from tests.e2e.people import Person
from tests.e2e.test_webhook import SECRET, webhook_app

__all__ = ["app", "clock", "emulator", "webhook_app", "world"]

HEADER = "X-Telegram-Bot-Api-Secret-Token"


def forged(text: str) -> dict[str, Any]:
    """An update as Telegram would post it."""
    chat = {"id": 5001, "type": "private"}
    message = {"message_id": 1, "date": 0, "chat": chat, "from": {**chat, "is_bot": False,
               "first_name": "张"}, "text": text}  # fmt: skip
    return {"update_id": 999, "message": message}


async def test_it_refuses_no_secret_a_wrong_secret_and_a_2_mb_body(
    webhook_app: tuple[Any, str], emulator: Emulator, world: World
) -> None:
    _app, url = webhook_app
    async with aiohttp.ClientSession() as http:
        async with http.post(url, json=forged("/me")) as response:
            assert response.status == 403
        wrong = {HEADER: SECRET[:-1] + "x"}
        async with http.post(url, json=forged("/me"), headers=wrong) as response:
            assert response.status == 403
        huge = forged("/me " + "长" * (2 * 1024 * 1024))
        async with http.post(url, json=huge, headers={HEADER: SECRET}) as response:
            assert response.status == 413
    # Nothing reached the bot: the person's chat is still empty.
    assert emulator.messages(5001) == []


async def test_it_still_answers_an_authentic_update(
    webhook_app: tuple[Any, str], emulator: Emulator, world: World
) -> None:
    me = Person(emulator, 5001, "张")
    assert "欢迎您" in (await me.say(f"/start {world.tokens['counselor']}")).plain_text


def test_it_refuses_a_short_webhook_secret(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Any
) -> None:
    monkeypatch.setenv("FUDAO_TELEGRAM_TOKEN", "1:x")
    monkeypatch.setenv("FUDAO_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("FUDAO_WEBHOOK_SECRET", "short")
    assert main(["run", "--webhook", "https://example.org/hook"]) == 2
    assert "at least 32 characters" in capsys.readouterr().err
    assert main(["run", "--webhook", "https://example.org/hook", "--secret-token", "x"]) == 2
    assert "visible in the process list" in capsys.readouterr().err
