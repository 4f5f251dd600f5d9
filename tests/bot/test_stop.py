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

from bot.emulator import Emulator
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
