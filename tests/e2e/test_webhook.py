"""The same bot in webhook mode: updates pushed by the Bot API, guarded by the secret token."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.app import build_application
from bot.emulator import Emulator
from bot.webhook import start_webhook
from models.db import Database
from policy.service import PolicyService
from services.context import Services
from tests.e2e.conftest import TOKEN, Clock, World, settings_for
from tests.e2e.people import Person

SECRET = "s3cret-Token_for-webhooks-of-32-chars-at-least"


def free_port() -> int:
    """A port nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
async def webhook_app(
    emulator: Emulator, db: Database, database_url: str, clock: Clock, tmp_path: Path
) -> AsyncIterator[tuple[Any, str]]:
    """The production Application serving a webhook that the emulator posts to."""
    settings = settings_for(emulator, database_url, tmp_path)
    svc = Services(db=Database(database_url), policy=PolicyService.load(), clock=clock)
    app = build_application(settings, svc=svc, token=TOKEN)
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    await app.initialize()
    await app.start()
    runner = await start_webhook(app, listen="127.0.0.1", port=port, url=url, secret=SECRET)
    yield app, url
    await runner.cleanup()
    await app.stop()
    await app.shutdown()


async def test_it_logs_a_dorm_visit_through_the_webhook(
    webhook_app: tuple[Any, str], emulator: Emulator, world: World
) -> None:
    assert emulator.state.webhook is not None
    assert emulator.state.webhook.secret_token == SECRET
    me = Person(emulator, 5001, "张")
    assert "欢迎您" in (await me.say(f"/start {world.tokens['counselor']}")).plain_text
    done = await me.say("/dorm 7号楼 312 今天 一切正常")
    assert "已保存" in done.plain_text and "本月走访宿舍 1/2" in done.plain_text


async def test_it_rejects_a_webhook_request_without_the_secret(
    webhook_app: tuple[Any, str], world: World
) -> None:
    _app, url = webhook_app
    forged = {
        "update_id": 999,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": 5001, "type": "private"},
            "text": "/me",
        },
    }
    async with aiohttp.ClientSession() as http:
        async with http.post(url, json=forged) as response:
            assert response.status == 403
        headers = {"X-Telegram-Bot-Api-Secret-Token": "wrong"}
        async with http.post(url, json=forged, headers=headers) as response:
            assert response.status == 403
