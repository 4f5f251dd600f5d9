"""The whole sandbox (database, emulator, bot, page) running in a thread of its own."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.config import Settings
from bot.sandbox.cli import Sandbox
from bot.sandbox.runtime import Runtime
from models.migrate import drop_everything

# A Wednesday in the autumn term: the demo history runs from 7 September to yesterday.
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")).astimezone(UTC)
ARTIFACTS = Path(__file__).resolve().parents[3] / ".ci" / "artifacts"


@pytest.fixture
def fresh_url(database_url: str) -> Iterator[str]:
    """An empty database that the code under test migrates itself, emptied again after."""
    drop_everything(database_url)
    yield database_url
    drop_everything(database_url)


class Running:
    """A started sandbox and the event loop it runs on."""

    def __init__(self, box: Sandbox, loop: asyncio.AbstractEventLoop, url: str) -> None:
        self.box = box
        self.loop = loop
        self.url = url


@pytest.fixture
def sandbox(fresh_url: str, tmp_path: Path) -> Iterator[Running]:
    """`fudao sandbox` on a free port, as a newcomer would start it."""
    # No timed jobs: the test runs them from the clock control, so chats hold only its steps.
    settings = Settings(data_dir=tmp_path, telegram_token=None, scheduler=False)
    box = Sandbox(Runtime(settings, fresh_url, clock=lambda: NOW), port=0)
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    url = asyncio.run_coroutine_threadsafe(box.start(), loop).result(timeout=60)
    try:
        yield Running(box, loop, url)
    finally:
        asyncio.run_coroutine_threadsafe(box.stop(), loop).result(timeout=30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()
