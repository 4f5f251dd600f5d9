"""`fudao jobs`: the list, and clear refusals before anything runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, database_url: str, tmp_path: Path) -> Path:
    """A data directory and database for the command."""
    monkeypatch.setenv("FUDAO_DATABASE_URL", database_url)
    monkeypatch.setenv("FUDAO_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("FUDAO_TELEGRAM_TOKEN", "123:abc")
    return tmp_path


def test_it_lists_every_job_with_its_time(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["jobs", "list"]) == 0
    out = capsys.readouterr().out
    for name in ("nudges", "followups", "digest", "period_close", "crisis_watch"):
        assert name in out
    assert "08:00" in out and "monday" in out


@pytest.mark.parametrize(
    ("argv", "reason"),
    [
        (["jobs", "run", "nudge"], "unknown job"),
        (["jobs", "run", "nudges", "--at", "2026-03-27T08:00"], "time zone"),
        (["jobs", "run", "nudges", "--at", "next monday"], "--at"),
    ],
)
def test_it_refuses_an_unknown_job_or_a_moment_without_a_zone(
    env: Path, capsys: pytest.CaptureFixture[str], argv: list[str], reason: str
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and reason in err[0]
