"""Blank templates of the lists fudao imports: the header row and one example row."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from i18n import Translate
from imports.runner import ListKind
from reports.workbook import workbook_bytes

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def template_name(t: Translate, kind: ListKind) -> str:
    """The file name people see: `学业预警名单（模板）.xlsx`."""
    return t("template-file", kind=t(f"import-kind-{kind.code}"))


def template_xlsx(t: Translate, kind: ListKind) -> bytes:
    """One sheet: the header (required columns first) and an example row, all as text."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    # A sheet title holds at most 31 characters.
    sheet.title = t(f"import-kind-{kind.code}")[:31]
    sheet.append(list(kind.header))
    sheet.append(list(kind.example))
    for index, title in enumerate(kind.header, start=1):
        head = sheet.cell(row=1, column=index)
        head.font, head.fill = Font(bold=True), HEADER_FILL
        # Text cells keep 学号 and 工号 exactly as typed (no lost leading zeros).
        sheet.cell(row=2, column=index).number_format = "@"
        width = max(len(title), len(kind.example[index - 1])) * 2 + 2
        sheet.column_dimensions[get_column_letter(index)].width = min(width, 40)
    sheet.freeze_panes = "A2"
    return workbook_bytes(book)
