"""`fudao assess import` and `fudao assess show` as an administrator uses them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.cli import main
from models.db import Database
from tests.imports.assessment_files import xlsx
from tests.imports.test_roster import ROWS
from tests.imports.test_roster import xlsx as roster_xlsx

# 孙老师: 90×0.1 + 85.5×0.4 + 88×0.1 + (92×0.5 + 87×0.5)×0.2 + 91.3×0.2 = 88.16.
SUN = ["M01", "孙老师", 90, 85.5, 2, 88, 92, 87, 91.3, "2020-09-01", 0, 0, "否", "否", 0, 0, ""]
# 冯老师: none of the 1 student took part.
FENG = ["M02", "冯老师", 80, 80, 0, 80, 80, 80, 80, "2020-09-01", 0, 0, "否", "否", 0, 0, ""]


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, database_url: str, tmp_path: Path) -> Iterator[Path]:
    """A data directory and database with the roster of 材料学院 imported."""
    monkeypatch.setenv("FUDAO_DATABASE_URL", database_url)
    monkeypatch.setenv("FUDAO_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("FUDAO_TELEGRAM_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "名单.xlsx").write_bytes(roster_xlsx(ROWS))
    assert main(["import", "roster", str(tmp_path / "名单.xlsx")]) == 0
    yield tmp_path
    if database_url.startswith("postgresql"):
        # The migrated tables outlive the test on the shared database: leave it empty.
        engine = sa.create_engine(Database.sync_url_of(database_url))
        with engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
        engine.dispose()


def test_it_imports_and_shows_the_table(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = env / "考核.xlsx"
    path.write_bytes(xlsx([SUN, FENG]))
    capsys.readouterr()
    assert main(["assess", "import", str(path), "--year", "2025-2026", "--dry-run"]) == 0
    assert "（试运行，未写入）" in capsys.readouterr().out
    assert main(["assess", "show", "--year", "2025-2026"]) == 2
    assert main(["assess", "import", str(path), "--year", "2025-2026"]) == 0
    assert "新增 2 人" in capsys.readouterr().out
    assert main(["assess", "show", "--year", "2025-2026", "--college", "材料学院"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "# 材料学院 2025-2026（草稿）"
    sun = next(line for line in lines if line.startswith("M01"))
    assert sun.startswith("M01 | 孙老师 | 90 | 85.5 | 2/2 | 88 | 92 | 87 | 91.3 | 88.16 | 合格 | ")
    assert "优秀名额 0 名" in sun
    feng = next(line for line in lines if line.startswith("M02"))
    assert "| — | 暂不能定等 | 参评学生 0 人，不足包联学生 1 人的 50%" in feng


def test_it_rejects_a_bad_year_and_bad_rows(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = env / "考核.xlsx"
    path.write_bytes(xlsx([[*SUN[:3], 120, *SUN[4:]]]))
    assert main(["assess", "import", str(path), "--year", "2025"]) == 2
    assert main(["assess", "import", str(path), "--year", "2025-2026"]) == 1
    captured = capsys.readouterr()
    assert "第 2 行，学生评价 列：“120”应为 0–100 的分数（最多两位小数）" in captured.out
    assert "未做任何修改" in captured.err
