"""Reading spreadsheets people send: .xlsx, or .csv in UTF-8, UTF-8 with BOM, or GBK."""

from __future__ import annotations

import asyncio
import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from imports.errors import TableError

MAX_BYTES = 5 * 1024 * 1024
# Checked before parsing, on what the zip says it holds: a 160 KB file can inflate to 1M cells.
MAX_UNCOMPRESSED = 24 * 1024 * 1024
MAX_ROWS = 50_000
MAX_CELLS = 1_000_000
# NUL and C0 controls except tab and newline: PostgreSQL and openpyxl refuse some of them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_controls(text: str) -> str:
    """The text without NUL and control characters other than newline and tab."""
    return _CONTROL.sub("", text)


@dataclass(frozen=True)
class Table:
    """A header and its rows, each with the row number the spreadsheet shows."""

    header: list[str]
    rows: list[tuple[int, dict[str, str]]]


def clean_cell(value: object) -> str:
    """A cell as text: trimmed (full-width spaces too), whole floats without `.0`, dates ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    return strip_controls(unicodedata.normalize("NFKC", str(value))).strip()


def _decode(content: bytes) -> str:
    """Text of a CSV file as Excel saves it in China: UTF-8 (with or without BOM) or GBK."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError("encoding")


def _csv_rows(content: bytes) -> list[list[str]]:
    """Rows of a CSV file."""
    text = _decode(content)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [list(row) for row in csv.reader(io.StringIO(text), dialect)]
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            # Excel runs these as formulas when it opens a CSV, as it would an xlsx formula.
            if value.strip().startswith("="):
                raise TableError("formula", cell=f"{get_column_letter(column)}{number}")
    return rows


def _shown_as_percent(value: object, number_format: object) -> bool:
    """Whether a cell holds a number that its format displays as a percentage."""
    number = isinstance(value, int | float) and not isinstance(value, bool)
    return number and "%" in str(number_format)


def _check_inflated_size(content: bytes) -> None:
    """Refuse a workbook whose parts would inflate past the limit, before anything is parsed."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise TableError("broken-xlsx") from None
    if inflated > MAX_UNCOMPRESSED:
        raise TableError("too-inflated", mb=MAX_UNCOMPRESSED // 1024 // 1024)


def _check_shape(rows: list[list[object]]) -> None:
    """Refuse more rows or cells than any list fudao reads could hold."""
    if len(rows) > MAX_ROWS or sum(len(row) for row in rows) > MAX_CELLS:
        raise TableError("too-many-cells", rows=MAX_ROWS, cells=MAX_CELLS)


def _xlsx_rows(content: bytes) -> list[list[object]]:
    """Rows of the first sheet of a workbook, as values (formulas refused)."""
    _check_inflated_size(content)
    try:
        book = load_workbook(io.BytesIO(content), read_only=False, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise TableError("broken-xlsx") from None
    sheet = book.worksheets[0]
    if sheet.merged_cells.ranges and any(r.min_row == 1 for r in sheet.merged_cells.ranges):
        raise TableError("merged-header")
    rows: list[list[object]] = []
    for row in sheet.iter_rows():
        values: list[object] = []
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                raise TableError("formula", cell=cell.coordinate)
            if _shown_as_percent(cell.value, cell.number_format):
                # Excel shows 0.965 as 96.5% here: read what the person sees.
                values.append(f"{round(float(cell.value) * 100, 10):g}%")  # type: ignore[arg-type]
                continue
            values.append(cell.value)
        rows.append(values)
    return rows


async def read_table_soon(content: bytes, filename: str) -> Table:
    """`read_table` off the event loop, each file parsed once however often it is asked for."""
    return await asyncio.to_thread(_read_once, content, filename)


@lru_cache(maxsize=4)
def _read_once(content: bytes, filename: str) -> Table:
    """The parsed table of the last few files (an upload is read to preview, then to apply)."""
    return read_table(content, filename)


def read_table(content: bytes, filename: str) -> Table:
    """The first sheet (or the CSV) as a header and numbered rows; blank rows are skipped."""
    if len(content) > MAX_BYTES:
        raise TableError("too-big")
    if not content.strip():
        raise TableError("empty-file")
    name = filename.lower()
    if name.endswith(".xlsx") or content[:2] == b"PK":
        raw: list[list[object]] = _xlsx_rows(content)
    elif name.endswith(".csv") or name.endswith(".txt"):
        raw = [list(r) for r in _csv_rows(content)]
    else:
        raise TableError("unsupported")
    _check_shape(raw)
    cells = [[clean_cell(v) for v in row] for row in raw]
    start = next((i for i, row in enumerate(cells) if any(row)), None)
    if start is None:
        raise TableError("no-content")
    header = cells[start]
    rows: list[tuple[int, dict[str, str]]] = []
    for index, row in enumerate(cells[start + 1 :], start=start + 2):
        if not any(row):
            continue
        padded = row + [""] * (len(header) - len(row))
        rows.append((index, {h: padded[i] for i, h in enumerate(header) if h}))
    return Table([h for h in header if h], rows)
