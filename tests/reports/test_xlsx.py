"""The table writer's workbooks read back in openpyxl as written: text as text, dates, widths."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import openpyxl

from reports.xlsx import Table, column_letter, tables_xlsx


def _read(*tables: Table) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(tables_xlsx(tables)))


def test_text_that_looks_like_a_formula_stays_text() -> None:
    book = _read(Table("记录", ["备注"], [['=HYPERLINK("http://x","点我")'], ["+1"], ["@SUM(A1)"]]))
    cells = [row[0] for row in book["记录"].iter_rows(min_row=2)]
    assert [c.value for c in cells] == ['=HYPERLINK("http://x","点我")', "+1", "@SUM(A1)"]
    assert {c.data_type for c in cells} == {"s"}


def test_sheets_keep_their_order_names_header_and_values() -> None:
    book = _read(
        Table("概览 & <总>", ["姓名", "次数", "时长"], [["张老师", 3, 1.5], ["李老师", None, 0]]),
        Table("第二页", ["日期"], [[date(2026, 11, 30)], [datetime(2026, 12, 1, 13, 30)]]),
    )
    assert book.sheetnames == ["概览 & <总>", "第二页"]
    first = book["概览 & <总>"]
    assert [[c.value for c in row] for row in first.iter_rows()] == [
        ["姓名", "次数", "时长"],
        ["张老师", 3, 1.5],
        ["李老师", None, 0],
    ]
    assert all(c.font.b for c in first[1]) and not first["A2"].font.b
    assert first.freeze_panes == "A2"
    second = book["第二页"]
    assert second["A2"].value == datetime(2026, 11, 30) and second["A2"].is_date
    assert second["A3"].value == datetime(2026, 12, 1, 13, 30)
    assert second["A2"].number_format == "yyyy-mm-dd"


def test_columns_are_as_wide_as_their_longest_text_and_wrapped_when_asked() -> None:
    book = _read(Table("说明", ["工作要求", "n"], [["每月走访寝室不少于两次", 1]], wrap=True))
    sheet = book["说明"]
    assert sheet.column_dimensions["A"].width == 2 * 11 + 2  # Chinese characters count two
    assert sheet.column_dimensions["B"].width == 8  # never narrower
    assert sheet["A2"].alignment.wrap_text and sheet["A2"].alignment.vertical == "top"
    assert not _read(Table("s", ["a"], [["x"]]))["s"]["A2"].alignment.wrap_text


def test_control_characters_are_dropped_and_markup_kept_as_text() -> None:
    book = _read(Table("s", ["a"], [["谈心\x00\x07记录 <b>&amp;</b>"]]))
    assert book["s"]["A2"].value == "谈心记录 <b>&amp;</b>"


def test_a_name_is_written_as_utf8_so_that_erasing_a_student_finds_it() -> None:
    data = tables_xlsx([Table("s", ["学生"], [["王小明"]])])
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        xml = b"".join(book.read(name) for name in book.namelist())
    assert "王小明".encode() in xml


def test_column_letters_run_past_z() -> None:
    assert [column_letter(n) for n in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]


def test_a_row_longer_than_the_header_keeps_every_cell() -> None:
    sheet = _read(Table("s", ["a"], [["x", 2, True]]))["s"]
    assert [c.value for c in sheet[2]] == ["x", 2, True]


def test_sheet_names_are_made_valid_and_unique_as_excel_requires() -> None:
    titles = ["机电/汇总:第[1]周", "教师" * 20, "教师" * 20]
    book = _read(*(Table(title, ["a"], [[1]]) for title in titles))
    assert book.sheetnames == ["机电-汇总-第-1-周", "教师" * 15 + "教", "教师" * 13 + "教 (2)"]
