"""The `fudao` command's environment, and a Bot API emulator it can reach from its own loop."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from bot.emulator import Emulator, EmulatorLimits
from models.migrate import drop_everything

TOKEN = "123456:TEST-token-for-the-cli"


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, database_url: str, tmp_path: Path) -> Iterator[Path]:
    """A data directory and database for the command, and no token; emptied after."""
    monkeypatch.setenv("FUDAO_DATABASE_URL", database_url)
    monkeypatch.setenv("FUDAO_DATA_DIR", str(tmp_path))
    for name in ("FUDAO_TELEGRAM_TOKEN", "FUDAO_BOT_USERNAME", "FUDAO_TELEGRAM_API_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    yield tmp_path
    # The commands migrate it themselves; on the shared PostgreSQL database, leave nothing.
    drop_everything(database_url)


@pytest.fixture
def cli_emulator(monkeypatch: pytest.MonkeyPatch, env: Path) -> Iterator[Emulator]:
    """An emulator on a thread of its own (the command runs its own event loop), and the
    environment that points the command at it."""
    emu = Emulator(token=TOKEN, bot_username="fudao_cli_bot")
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    asyncio.run_coroutine_threadsafe(emu.start(), loop).result(timeout=30)
    monkeypatch.setenv("FUDAO_TELEGRAM_TOKEN", TOKEN)
    monkeypatch.setenv("FUDAO_TELEGRAM_API_URL", emu.api_url)
    try:
        yield emu
    finally:
        asyncio.run_coroutine_threadsafe(emu.stop(), loop).result(timeout=30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()


def closed_port_url() -> str:
    """A Bot API URL on which nothing listens (connections are refused at once)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/bot"


@asynccontextmanager
async def unpaced_emulator(token: str, chat: int, name: str) -> AsyncIterator[Emulator]:
    """A running emulator with Telegram's send limits lifted that knows one person: for the
    tests of a Bot API client, which pace nothing themselves."""
    emulator = Emulator(token, limits=EmulatorLimits(global_per_second=None, chat_per_second=None))
    await emulator.start()
    emulator.add_user(chat, name)
    try:
        yield emulator
    finally:
        await emulator.stop()
