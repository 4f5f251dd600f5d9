"""The real Application on the WeCom channel alone, against the WeCom emulator over HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.app import build_application
from bot.config import Settings
from bot.wecom.callback import WeComInbox, start_callback_server
from bot.wecom_emulator import WeComEmulator
from models.db import Database
from policy.service import PolicyService
from services.context import Services
from tests.e2e.conftest import Clock, clock, world
from tests.wecom.emulator_kit import AES_KEY, AGENT_ID, CORP_ID, SECRET, TOKEN, make_emulator

__all__ = ["clock", "world"]  # the end-to-end fixtures: the clock and the seeded college


@dataclass
class WeComApp:
    """The running Application, its callback server and the emulator it talks to."""

    app: Any
    inbox: WeComInbox
    runner: web.AppRunner
    emu: WeComEmulator


def wecom_settings(emu: WeComEmulator, database_url: str, tmp_path: Path, **extra: Any) -> Settings:
    """Settings for the WeCom channel alone, pointed at the emulator."""
    return Settings(
        wecom_corp_id=CORP_ID,
        wecom_agent_id=AGENT_ID,
        wecom_secret=SECRET,
        wecom_token=TOKEN,
        wecom_aes_key=AES_KEY,
        wecom_api_url=emu.api_url,
        wecom_listen="127.0.0.1:0",
        wecom_userid_is_staff_no=True,
        database_url=database_url,
        data_dir=tmp_path,
        **({"scheduler": False} | extra),
    )


@pytest.fixture
async def wecom_emu() -> AsyncIterator[WeComEmulator]:
    """A running WeCom emulator (callbacks wait WeCom's 5 s for an answer)."""
    emu = make_emulator(callback_timeout=5.0)
    await emu.start()
    yield emu
    await emu.stop()


async def start_wecom_app(
    emu: WeComEmulator, database_url: str, at: Clock, tmp_path: Path, **extra: Any
) -> WeComApp:
    """Build and start the Application with its callback server, as `fudao run` does."""
    settings = wecom_settings(emu, database_url, tmp_path, **extra)
    svc = Services(db=Database(database_url), policy=PolicyService.load(), clock=at)
    app = build_application(settings, svc=svc)
    await app.initialize()
    if app.post_init is not None:
        await app.post_init(app)
    await app.start()
    inbox, runner = await start_callback_server(app, settings, svc.db)
    host, port = runner.addresses[0][:2]
    emu.callback_url = f"http://{host}:{port}/wecom/callback"
    return WeComApp(app, inbox, runner, emu)


async def stop_wecom_app(running: WeComApp) -> None:
    """Stop as `fudao run` does on SIGTERM."""
    await running.runner.cleanup()
    await running.inbox.drain()
    await running.app.stop()
    await running.app.shutdown()
    if running.app.post_shutdown is not None:
        await running.app.post_shutdown(running.app)


@pytest.fixture
async def wecom(
    wecom_emu: WeComEmulator,
    db: Database,
    database_url: str,
    clock: Clock,
    tmp_path: Path,
) -> AsyncIterator[WeComApp]:
    """The production Application on the WeCom channel."""
    running = await start_wecom_app(wecom_emu, database_url, clock, tmp_path)
    yield running
    await stop_wecom_app(running)
