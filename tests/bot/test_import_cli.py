"""`fudao import KIND FILE [--dry-run]` for every list, as an administrator runs it."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.cli import main
from models.db import Database
from tests.bot.test_assess_cli import SUN, env
from tests.factories import make_staff
from tests.imports.assessment_files import xlsx as assessment_xlsx
from tests.imports.sheets import (
    CONCERN_HEADER,
    FITNESS_HEADER,
    INDICATOR_HEADER,
    WARNING_HEADER,
    xlsx_of,
)
from tests.imports.test_roster import ROWS
from tests.imports.test_roster import xlsx as roster_xlsx

__all__ = ["env"]

# One good file of each kind for the roster `env` imports (材料学院, 孙老师 M01 and her class).
FILES = {
    "roster": roster_xlsx(ROWS),
    "warnings": xlsx_of(WARNING_HEADER, [["2024001", "高等数学", "1", "2026-2027-1"]]),
    "concern": xlsx_of(CONCERN_HEADER, [["2024002", "心理", "一级"]]),
    "indicators": xlsx_of(INDICATOR_HEADER, [["材物2401", "2025-2026", 3, 10, 95, 80, 70, 2]]),
    "fitness": xlsx_of(FITNESS_HEADER, [["M01", "孙老师", "2", "2026-10-20"]]),
    "assessment": assessment_xlsx([SUN]),
}
SUMMARIES = {
    "roster": "新增 0 名学生，更新 0 名",
    "warnings": "学业预警 1 名学生（2026-2027-1）",
    "concern": "重点关注 1 名学生：新增 1 名",
    "indicators": "1 个班级的指标（2025-2026）：新增 1 条",
    "fitness": "1 位辅导员的体质测试参测人数：新增 1 条",
    "assessment": "2025-2026 学年辅导员考核数据：新增 1 人",
}
OPTIONS = {"concern": ["--by", "A900"], "assessment": ["--year", "2025-2026"]}


def add_admin(database_url: str) -> None:
    """An administrator, 工号 A900, to record the key-concern list under."""

    async def go() -> None:
        db = Database(database_url)
        async with db.session() as session:
            await make_staff(session, None, is_admin=True, is_counselor=False, staff_no="A900")
            await session.commit()
        await db.dispose()

    asyncio.run(go())


@pytest.mark.parametrize("kind", list(FILES))
def test_it_imports_every_kind_dry_then_for_real(
    env: Path, database_url: str, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    add_admin(database_url)
    path = env / f"{kind}.xlsx"
    path.write_bytes(FILES[kind])
    capsys.readouterr()
    command = ["import", kind, str(path), *OPTIONS.get(kind, [])]
    assert main([*command, "--dry-run"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert SUMMARIES[kind] in lines[0]
    assert lines[-1] == "（试运行，未写入）"
    assert main(command) == 0
    lines = capsys.readouterr().out.splitlines()
    assert SUMMARIES[kind] in lines[0]
    assert lines[-1] == "导入完成。"


def test_it_lists_bad_rows_in_the_language_asked_and_exits_1(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = env / "预警.xlsx"
    path.write_bytes(xlsx_of(WARNING_HEADER, [["2099999", "高等数学", "零", "明年"]]))
    capsys.readouterr()
    assert main(["import", "warnings", str(path)]) == 1
    captured = capsys.readouterr()
    assert "第 2 行，学号 列：名单中没有学号为 2099999 的学生" in captured.out
    assert captured.err.splitlines()[-1] == "导入失败：共 3 处错误，未做任何修改。"
    assert main(["import", "warnings", str(path), "--lang", "en"]) == 1
    captured = capsys.readouterr()
    assert "Row 2, column 学期: cannot read “明年”; write it like “2026-2027-1”" in captured.out
    assert captured.err.splitlines()[-1] == "Import failed: 3 errors; nothing was changed."


def test_it_refuses_an_assessment_without_a_year_and_a_file_of_another_kind(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = env / "考核.xlsx"
    path.write_bytes(FILES["assessment"])
    assert main(["import", "assessment", str(path)]) == 2
    assert "--year" in capsys.readouterr().err
    assert main(["import", "fitness", str(path)]) == 2
    assert "无法识别这是哪种名单" in capsys.readouterr().err
