"""`fudao invite` always ends with something the person can use, and never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.emulator import Emulator
from tests.bot.conftest import closed_port_url
from tests.imports.test_roster import ROWS, xlsx


@pytest.fixture
def roster(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The sample roster, imported (counselor M01 is on it)."""
    (env / "名单.xlsx").write_bytes(xlsx(ROWS))
    assert main(["import", "roster", str(env / "名单.xlsx")]) == 0
    capsys.readouterr()


def invite_lines(capsys: pytest.CaptureFixture[str]) -> list[str]:
    """Invite counselor M01; the lines printed (exit status 0)."""
    assert main(["invite", "--staff-no", "M01"]) == 0
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return captured.out.strip().splitlines()


def test_it_prints_a_start_line_and_why_without_a_token(
    roster: None, capsys: pytest.CaptureFixture[str]
) -> None:
    *_, why, last = invite_lines(capsys)
    assert "FUDAO_TELEGRAM_TOKEN is not set" in why and "FUDAO_BOT_USERNAME" in why
    assert last.startswith("/start ") and len(last.split()[1]) >= 43


def test_it_links_with_the_configured_username(
    roster: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FUDAO_BOT_USERNAME", "@college_helper_bot")
    assert invite_lines(capsys)[-1].startswith("https://t.me/college_helper_bot?start=")


def test_it_asks_the_bot_api_then_remembers_the_username(
    roster: None,
    cli_emulator: Emulator,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert invite_lines(capsys)[-1].startswith("https://t.me/fudao_cli_bot?start=")
    # Later, on a laptop that cannot reach the Bot API: the kept username still makes a link.
    monkeypatch.setenv("FUDAO_TELEGRAM_API_URL", closed_port_url())
    assert invite_lines(capsys)[-1].startswith("https://t.me/fudao_cli_bot?start=")


def test_it_prints_a_start_line_when_the_bot_api_is_out_of_reach(
    roster: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FUDAO_TELEGRAM_TOKEN", "123456:TEST-token")
    monkeypatch.setenv("FUDAO_TELEGRAM_API_URL", closed_port_url())
    *_, why, last = invite_lines(capsys)
    assert "cannot reach the Bot API" in why or "did not answer" in why
    assert last.startswith("/start ")
