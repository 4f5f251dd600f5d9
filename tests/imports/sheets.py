"""Spreadsheets as people send them: xlsx from Excel, CSV in the encodings Excel writes."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook


def xlsx_of(header: Sequence[object], rows: Sequence[Sequence[object]]) -> bytes:
    """A one-sheet workbook with this header and these rows."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_of(header: Sequence[str], rows: Sequence[Sequence[object]], encoding: str) -> bytes:
    """A CSV file with Windows line ends, in `utf-8-sig` (Excel's UTF-8) or `gbk`."""
    lines = [",".join(header)] + [",".join(str(c) for c in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


WARNING_HEADER = ("学号", "课程", "不及格门数", "学期")
CONCERN_HEADER = ("学号", "关注类别", "关注等级")
INDICATOR_HEADER = (
    "班级",
    "学年",
    "不及格率",
    "考研录取率",
    "就业率",
    "双证率",
    "四六级通过率",
    "校级以上获奖数",
)
FITNESS_HEADER = ("工号", "姓名", "参测人数", "测试日期")
