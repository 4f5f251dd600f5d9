"""Issue 20: `fudao staff set`, `fudao staff export` and `fudao import training` from a terminal."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.cli import main
from tests.bot.test_assess_cli import env
from tests.imports.sheets import xlsx_of

__all__ = ["env"]


def sheet_rows(path: Path) -> list[tuple[object, ...]]:
    """The rows of the first sheet of a workbook."""
    book = load_workbook(io.BytesIO(path.read_bytes()))
    return list(book.worksheets[0].iter_rows(values_only=True))


def test_it_sets_the_post_facts_once_and_exports_head_teacher_years(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """U 第十九条 and U 班主任 第八条: the start dates every dated rule reads, and each person's
    head-teacher years (S09) for the personnel office."""
    capsys.readouterr()
    assert (
        main(["staff", "set", "--staff-no", "M01", "--started", "2024-09-01", "--type", "兼职"])
        == 0
    )
    assert (
        capsys.readouterr().out.strip() == "孙老师（M01）：任职起始日期 2024-09-01（原为 —），兼职"
    )
    assert main(["staff", "set", "--staff-no", "M01", "--started", "2023/9/1"]) == 0
    assert "任职起始日期 2023-09-01（原为 2024-09-01），兼职" in capsys.readouterr().out
    assert main(["staff", "set", "--staff-no", "M11", "--head-started", "2024-03-01"]) == 0
    assert "班主任起始日期 2024-03-01：已记入其现任的 1 个班级" in capsys.readouterr().out
    out = env / "教职工.xlsx"
    assert main(["staff", "export", "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"已导出 4 名教职工：{out}"
    rows = sheet_rows(out)
    assert rows[0] == (
        "工号",
        "姓名",
        "学院",
        "角色",
        "任职起始日期",
        "专兼职",
        "班主任工作年限（年）",
    )
    by_no = {r[0]: r for r in rows[1:]}
    assert by_no["M01"][5] == "兼职"
    assert str(by_no["M01"][4])[:10] == "2023-09-01"
    years = by_no["M11"][6]
    assert isinstance(years, float) and years >= 2.7  # since 2024-03-01, today or later


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ["--staff-no", "M01", "--started", "2024-13-01"],
            "--started 应为日期，如 2024-09-01，而不是“2024-13-01”",
        ),
        (
            ["--staff-no", "M01", "--head-started", "九月"],
            "--head-started 应为日期，如 2024-09-01，而不是“九月”",
        ),
        (["--staff-no", "M01", "--type", "外聘"], "--type 只能是“专职”或“兼职”，而不是“外聘”"),
        (["--staff-no", "X404", "--started", "2024-09-01"], "没有工号为 X404 的教职工"),
        (["--staff-no", "M01"], "请至少给出 --started、--type 或 --head-started 之一"),
    ],
)
def test_it_refuses_a_bad_date_type_or_staff_number_and_changes_nothing(
    env: Path, capsys: pytest.CaptureFixture[str], options: list[str], message: str
) -> None:
    """Bad input gets a clear answer and loses nothing."""
    capsys.readouterr()
    assert main(["staff", "set", *options]) == 2
    assert capsys.readouterr().err.strip() == message
    out = env / "教职工.xlsx"
    assert main(["staff", "export", "--out", str(out)]) == 0
    by_no = {r[0]: r for r in sheet_rows(out)[1:]}
    assert by_no["M01"][4] is None and by_no["M01"][5] == "专职"


def test_it_imports_training_records_dry_then_for_real(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """U 第十五条: 岗前培训 comes before the first day, so it is entered from a list."""
    path = env / "培训.xlsx"
    header = ("工号", "日期", "学时", "名称", "级别", "类别")
    path.write_bytes(xlsx_of(header, [["M01", "2024-08-20", "40", "岗前培训班", "省级", "岗前"]]))
    capsys.readouterr()
    assert main(["import", "training", str(path), "--dry-run"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["培训记录 1 条（1 人）：新增 1 条，其余已导入过", "（试运行，未写入）"]
    assert main(["import", "training", str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "导入完成。"
    assert main(["import", "training", str(path), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "1 training records (1 people): 0 added, the others were imported before" in out


def test_it_lists_the_rows_of_issue_20_with_their_readings(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`fudao policy show` lists S08 and S09, and says which readings are fudao's own."""
    assert main(["policy", "show"]) == 0
    lines = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()[1:] if line}
    assert "兼职辅导员聘期不少于 1 年  〔U 第十九条〕  [1 years]" in lines["S08"]
    assert "not computed" in lines["S09"] and "fudao staff export" in lines["S09"]
    assert "limit 10; 4 years" in lines["S03"] and "只计离岗原因为“转岗”" in lines["S03"]
    assert "limit 200" in lines["S02"] and "仅作提示" in lines["S02"]
    assert "只计岗前培训记录" in lines["S07"]
