"""`fudao run` with FUDAO_WEB_LISTEN: the console starts with the bot and sets the menu button."""

from __future__ import annotations

import socket
from pathlib import Path

import aiohttp

from bot.app import build_application
from bot.emulator import Emulator
from bot.web import start_web
from models.db import Database
from policy.service import PolicyService
from services.context import Services
from tests.e2e.conftest import TOKEN, Clock, settings_for


def free_port() -> int:
    """A port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_it_serves_the_console_beside_the_bot_and_sets_the_menu_button(
    emulator: Emulator, db: Database, database_url: str, clock: Clock, tmp_path: Path
) -> None:
    port = free_port()
    settings = settings_for(
        emulator, database_url, tmp_path,
        web_listen=f"127.0.0.1:{port}", web_url="https://console.example.edu.cn",
    )  # fmt: skip
    svc = Services(db=Database(database_url), policy=PolicyService.load(), clock=clock)
    app = build_application(settings, svc=svc, token=TOKEN)
    start_web(app, settings)
    await app.initialize()
    assert app.post_init is not None and app.post_shutdown is not None
    await app.post_init(app)
    try:
        assert emulator.state.menu_button == {
            "type": "web_app",
            "text": "📊 看板",
            "web_app": {"url": "https://console.example.edu.cn/app"},
        }
        headers = {"Host": "console.example.edu.cn"}
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{port}/app", headers=headers) as page:
                assert page.status == 200 and "登录看板" in await page.text()
            async with http.get(f"http://127.0.0.1:{port}/app") as wrong_host:
                assert wrong_host.status == 403
    finally:
        await app.post_shutdown(app)
        await app.shutdown()
    assert svc.web_url == "https://console.example.edu.cn"
