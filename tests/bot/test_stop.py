"""`fudao run` and `fudao worker` stop promptly on SIGTERM while the Bot API hangs, and what
their jobs could not send stays in the outbox for the next start."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest
from telegram.ext import ApplicationBuilder

from bot.emulator import Emulator
from bot.stopping import POLLING_TASK, sleeping, stop_promptly
from tests.bot.conftest import TOKEN
from tests.bot.test_worker import ROOT, ROWS, _fill_outbox, _unsent

# Carried out as usual, so that the process starts; every other call hangs unanswered.
STARTING = ["getMe", "setMyCommands", "deleteWebhook"]
GUARD = 20.0  # a failure guard against a hang, not a speed assertion (the aim is 10 s)


def _outage(emu: Emulator, seconds: float, spare: list[str]) -> None:
    """Start an outage through the emulator's control endpoint (it runs on its own loop)."""
    body = json.dumps({"seconds": seconds, "mode": "hang", "spare": spare}).encode()
    request = urllib.request.Request(
        f"{emu.base_http}/_emulator/outage", body, {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert json.load(answer)["outage"] is True


def _wait_until_sending(emu: Emulator, process: subprocess.Popen[bytes]) -> None:
    """Until the jobs' outbox messages are being sent (and held) and the process is polling."""
    deadline = time.monotonic() + 120  # a guard: start-up migrates the database
    wanted = {"sendMessage", "getUpdates"} if "run" in process.args else {"sendMessage"}  # type: ignore[operator]
    while not wanted <= {name for name, _ in list(emu.calls)}:
        assert process.poll() is None, "the process ended before it was stopped"
        assert time.monotonic() < deadline, "the process never began to send"
        time.sleep(0.1)


@pytest.mark.parametrize("command", ["run", "worker"])
def test_it_stops_promptly_while_the_api_hangs_and_keeps_the_outbox(
    cli_emulator: Emulator, database_url: str, command: str
) -> None:
    asyncio.run(_fill_outbox(database_url, cli_emulator))
    _outage(cli_emulator, 600, STARTING)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-m", "bot.cli", command], env=env)
    try:
        _wait_until_sending(cli_emulator, process)
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=GUARD)
        took = time.monotonic() - started
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    print(f"\nfudao {command} stopped {took:.1f} s after SIGTERM, the Bot API hanging")
    assert code == 0
    assert _unsent(database_url) == ROWS


def _polling_task() -> asyncio.Task[object] | None:
    return next((t for t in asyncio.all_tasks() if t.get_name() == POLLING_TASK), None)


async def test_it_cuts_the_polling_loops_sleep_after_a_failed_get_updates() -> None:
    """PTB sleeps up to 30 s after a failed getUpdates, deaf to its stop event: a stop cuts it."""
    emu = Emulator(TOKEN)
    await emu.start()
    app = ApplicationBuilder().token(TOKEN).base_url(emu.api_url).build()
    await app.initialize()
    assert app.updater is not None
    await app.updater.start_polling(timeout=1, error_callback=lambda _: None)
    emu.outages.start(60, "502")
    task = _polling_task()
    assert task is not None, "PTB's polling task has another name now: see bot/stopping.py"
    async with asyncio.timeout(30):  # a guard against a hang, not a measurement
        while not sleeping(task):  # noqa: ASYNC110 (a task's state has no event to wait on)
            await asyncio.sleep(0.02)
    stop_promptly(app)
    await app.updater.stop()
    assert task.cancelled()
    await app.shutdown()
    await emu.stop()
