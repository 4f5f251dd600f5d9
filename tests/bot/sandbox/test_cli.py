"""`fudao sandbox` as `make demo` runs it: one address printed, a fresh database, a clean stop."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from bot.sandbox.cli import port_taken


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fudao(tmp_path: Path, *args: str) -> subprocess.Popen[str]:
    """Start the console script with its own data directory and no token."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FUDAO_")}
    env["FUDAO_DATA_DIR"] = str(tmp_path / "data")
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.sqlite_only
def test_it_prints_one_address_and_serves_the_demo_people(tmp_path: Path) -> None:
    port = free_port()
    process = fudao(tmp_path, "sandbox", "--port", str(port))
    try:
        assert process.stdout is not None
        address = process.stdout.readline().strip()
        assert address == f"http://127.0.0.1:{port}"
        with urllib.request.urlopen(f"{address}/sandbox/people", timeout=60) as response:
            people = json.load(response)
        roles = [p["role"] for p in people]
        assert (roles.count("counselor"), roles.count("head_teacher")) == (4, 16)
        assert (roles.count("leader"), roles.count("admin")) == (2, 1)
        with urllib.request.urlopen(address, timeout=60) as response:
            assert "<title>" in response.read().decode()
        assert (tmp_path / "data" / "sandbox" / "fudao.db").is_file()
    finally:
        process.send_signal(signal.SIGTERM)
        out, _err = process.communicate(timeout=120)
    assert process.returncode == 0 and out == ""


@pytest.mark.sqlite_only
def test_it_says_which_port_is_taken_before_doing_anything(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = int(busy.getsockname()[1])
        assert port_taken("127.0.0.1", port)
        process = fudao(tmp_path, "sandbox", "--port", str(port))
        out, err = process.communicate(timeout=120)
    assert process.returncode == 1 and out == ""
    assert f"port {port} is in use" in err
    assert not (tmp_path / "data" / "sandbox").exists()
