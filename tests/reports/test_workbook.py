"""The workbook reads back with its sheets, a bold frozen header, real numbers and dates."""

from __future__ import annotations

import io
from datetime import datetime

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell

from i18n import translator
from reports.workbook import render_workbook, rule_label
from reports.xlsx import sheet_title
from tests.reports.samples import sample_digest


def book_of(locale: str = "zh", *, names: bool = True) -> Workbook:
    """The sample digest's workbook, read back."""
    data = render_workbook(sample_digest(), translator(locale), with_names=names)
    return load_workbook(io.BytesIO(data))


def values(book: Workbook, sheet: str, row: int) -> list[object]:
    """The values of one row."""
    return [c.value for c in book[sheet][row]]


def test_it_has_one_sheet_per_period_in_chinese() -> None:
    assert book_of().sheetnames == [
        "概览", "本周", "本季度", "本学期", "学生覆盖", "未覆盖学生",
    ]  # fmt: skip


def test_it_names_the_sheets_in_english_for_an_english_reader() -> None:
    assert book_of("en", names=False).sheetnames == [
        "Overview", "This week", "This quarter", "This term", "Coverage",
    ]  # fmt: skip


def test_it_freezes_a_bold_header() -> None:
    book = book_of()
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.b for cell in sheet[1])
    assert values(book, "本学期", 1) == [
        "教师", "编号", "工作要求", "班级", "开始日期", "结束日期", "要求", "已完成", "还差",
        "剩余天数", "状态",
    ]  # fmt: skip


def test_it_writes_numbers_as_numbers_and_dates_as_dates() -> None:
    book = book_of()
    row = [c for c in book["本学期"][2] if isinstance(c, Cell)]
    assert [c.value for c in row[:2]] == ["张老师", "C29"]
    assert row[4].is_date and row[4].value == datetime(2026, 9, 7)
    assert row[5].is_date and row[5].value == datetime(2027, 1, 15)
    assert row[4].number_format == "yyyy-mm-dd"
    assert [c.value for c in row[6:10]] == [16, 5.5, 10.5, 63]
    assert type(row[6].value) is int and type(row[7].value) is float
    assert row[10].value == "有风险"
    # The overview: 张老师's five statuses and their total, then last week's.
    assert values(book, "概览", 2) == ["张老师", "辅导员", 3, 1, 1, 0, 0, 5, 2, 2, 1, 0, 0]
    assert values(book, "概览", 5)[:8] == ["全院合计", None, 9, 3, 3, 1, 0, 16]


def test_it_names_grades_and_rules_in_the_readers_language() -> None:
    term = book_of("en")["This term"]
    leader_row = [c.value for c in term[3]]
    assert leader_row[0] == "王书记" and leader_row[3] == "Year 2"
    assert rule_label(translator("zh"), "Z99", "未知规则") == "未知规则"


def test_it_lists_students_only_for_readers_allowed_names() -> None:
    rows = list(book_of()["未覆盖学生"].iter_rows(min_row=2, values_only=True))
    assert rows[1][:2] == ("张老师", "C18")
    assert rows[1][3:] == ("2024000001", "王小明", "机械2401班")
    anonymous = book_of(names=False)
    cells = {c.value for sheet in anonymous.worksheets for row in sheet.iter_rows() for c in row}
    assert "未覆盖学生" not in anonymous.sheetnames
    assert not {"王小明", "李雷", "2024000001"} & cells


def test_it_makes_sheet_names_excel_accepts() -> None:
    taken: set[str] = set()
    assert sheet_title("a/b:c*d?[e]", taken) == "a-b-c-d--e-"
    assert sheet_title("x" * 40, taken) == "x" * 31
    assert sheet_title("x" * 40, taken) == "x" * 27 + " (2)"
