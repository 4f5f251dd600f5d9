"""`fudao calendar import`: the university's 校历 and holidays, checked, shown, and kept."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import time_machine
from openpyxl import Workbook

from bot.cli import main
from policy.calendar import load_calendar

NEXT_YEAR = """
years:
  - name: 2027-2028
    start: 2027-09-01
    end: 2028-08-31
    terms:
      - {name: autumn, start: 2027-09-06, end: 2028-01-14}
      - {name: spring, start: 2028-02-28, end: 2028-07-07}
    vacations:
      - {name: winter, start: 2028-01-15, end: 2028-02-27}
extra_holidays: [2027-01-01, 2027-02-05, 2027-02-06, 2027-02-07, 2027-02-08, 2027-02-09]
extra_workdays: [2027-02-20]
holiday_years: [2027]
"""


@pytest.fixture
def policy_dir(env: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The college's own policy folder, empty (the shipped calendar is in force)."""
    folder = env / "policy"
    monkeypatch.setenv("FUDAO_POLICY_DIR", str(folder))
    return folder


def sheet(rows: list[list[object]]) -> bytes:
    """An .xlsx with the (类型, 名称, 开始, 结束) header and these rows."""
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["类型", "名称", "开始", "结束"])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_it_adds_a_year_and_holidays_from_yaml_and_shows_what_changed(
    policy_dir: Path, env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (env / "2027.yaml").write_text(NEXT_YEAR, encoding="utf-8")
    assert main(["calendar", "import", str(env / "2027.yaml"), "--dry-run"]) == 0
    assert not (policy_dir / "calendar.yaml").exists()
    capsys.readouterr()
    assert main(["calendar", "import", str(env / "2027.yaml")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("+ year 2027-2028: 2027-09-01…2028-08-31 (autumn 2027-09-06…")
    assert "+ holiday 2027-02-09" in out and "+ 调休 workday 2027-02-20" in out
    assert "- holiday 2027-04-05" in out  # the shipped guess for 2027, replaced by the schedule
    assert out[-1].startswith("calendar:") and "written to" in out[-1]
    kept = load_calendar(policy_dir / "calendar.yaml")
    assert kept.calendar_ends() == date(2028, 8, 31)
    assert kept.holidays_end() == date(2027, 12, 31)
    assert not kept.is_workday(date(2027, 2, 9)) and kept.is_workday(date(2027, 2, 20))
    # doctor now sees the holiday data last through 2027.
    with time_machine.travel(datetime(2026, 12, 2, 2, tzinfo=UTC), tick=True):
        main(["doctor"])
    assert "✓ holiday data (法定节假日, 调休) covers the next 90 days" in capsys.readouterr().out


def test_it_reads_the_calendar_from_a_spreadsheet(
    policy_dir: Path, env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows: list[list[object]] = [
        ["学年", "2027-2028", "2027-09-01", "2028-08-31"],
        ["学期", "秋季", "2027-09-06", "2028-01-14"],
        ["考试周", "", "2028-01-03", "2028-01-14"],
        ["假期", "寒假", "2028-01-15", "2028-02-27"],
        ["学期", "春季", "2028-02-28", "2028-07-07"],
        ["节假日", "春节", "2027-02-05", "2027-02-11"],
        ["调休上班", "", "2027-02-20", ""],
    ]
    (env / "校历.xlsx").write_bytes(sheet(rows))
    assert main(["calendar", "import", str(env / "校历.xlsx")]) == 0
    kept = load_calendar(policy_dir / "calendar.yaml")
    [year] = [y for y in kept.data.years if y.name == "2027-2028"]
    assert [t.name for t in year.terms] == ["autumn", "spring"]
    assert kept.term_of(date(2028, 3, 1)) is not None and kept.vacation_of(date(2028, 2, 1))
    assert not kept.is_workday(date(2027, 2, 11)) and kept.holidays_end() == date(2027, 12, 31)


def test_it_refuses_a_calendar_with_mistakes_and_changes_nothing(
    policy_dir: Path, env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows: list[list[object]] = [
        ["学年", "2027-2028", "2027-09-01", "2028-08-31"],
        ["学期", "秋季", "2027-09-06", "2028-01-14"],
        ["假期", "寒假", "2028-01-10", "2028-02-27"],  # overlaps the autumn term
        ["放假", "", "2027-10-01", ""],
    ]
    (env / "校历.xlsx").write_bytes(sheet(rows))
    assert main(["calendar", "import", str(env / "校历.xlsx")]) == 1
    out = capsys.readouterr()
    assert "row 5: unknown 类型 '放假'" in out.out
    assert out.err.strip() == "calendar not imported: 1 problem(s)"
    (env / "校历.xlsx").write_bytes(sheet(rows[:3]))
    assert main(["calendar", "import", str(env / "校历.xlsx")]) == 1
    assert "overlaps the range ending 2028-01-14" in capsys.readouterr().out
    assert not (policy_dir / "calendar.yaml").exists()
