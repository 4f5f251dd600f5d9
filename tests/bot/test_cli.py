"""The `fudao` command as an administrator uses it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import configure_logging, main
from tests.imports.test_roster import ROWS, xlsx


def test_it_refuses_to_run_without_a_token(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "FUDAO_TELEGRAM_TOKEN" in err[0]


def test_it_imports_a_roster_then_invites_a_counselor(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roster = env / "名单.xlsx"
    roster.write_bytes(xlsx(ROWS))
    assert main(["import", "roster", str(roster), "--dry-run"]) == 0
    assert "（试运行，未写入）" in capsys.readouterr().out
    assert main(["import", "roster", str(roster)]) == 0
    assert "新增 3 名学生" in capsys.readouterr().out
    assert main(["invite", "--staff-no", "M01"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith("/start ")
    token = last.removeprefix("/start ")
    assert 43 <= len(token) <= 64


def test_it_rejects_a_bad_roster_with_every_error(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roster = env / "bad.xlsx"
    roster.write_bytes(xlsx([["", "无学号", "材料学院", "", "2024", "A班"] + [""] * 9]))
    assert main(["import", "roster", str(roster)]) == 1
    assert "第 2 行，学号 列：不能为空" in capsys.readouterr().out


def test_it_shows_the_policy_with_catalog_ids(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["policy", "show", "--college", "机电工程学院"]) == 0
    out = capsys.readouterr().out
    assert "C15" in out and "H02" in out


def test_it_keeps_stderr_quiet_and_ends_with_the_result(
    env: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "upgrade"]) == 0
    out, err = capfd.readouterr()
    assert err == ""
    assert out.strip().splitlines()[-1] == "database is up to date"


def test_it_logs_info_with_v_but_never_alembic_or_httpx(
    env: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    import logging

    assert main(["-v", "db", "upgrade"]) == 0
    logging.getLogger("httpx").info("GET https://api.telegram.org/bot123:secret/getMe")
    logging.getLogger("fudao").info("shown with -v")
    err = capfd.readouterr().err
    assert "shown with -v" in err
    assert "alembic" not in err and "secret" not in err
    configure_logging(verbose=False)


def test_it_shows_the_added_duties_and_conditions(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 14: C35–C38, H09, H10, E01 and S05–S07 are rows of `fudao policy show`."""
    assert main(["policy", "show", "--college", "机电工程学院"]) == 0
    ids = {line.split()[0] for line in capsys.readouterr().out.splitlines()[1:] if line}
    added = {"C35", "C36", "C37", "C38a", "C38b", "H09", "H10", "E01", "S05", "S06", "S07"}
    assert added <= ids


def test_it_invites_an_academic_staff_member(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """C 第六条 binds the 教务员: the role can be invited like a leader."""
    args = ["invite", "--role", "academic_staff", "--name", "孙老师", "--college", "机电工程学院"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "孙老师（教务员）" in out and out.strip().splitlines()[-1].startswith("/start ")
