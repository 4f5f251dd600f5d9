"""Cell parsers the lists share: numbers, percentages, 是/否, years, terms and dates."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from imports.errors import RowError

YES = {"是", "y", "yes", "1", "true", "√", "✓"}
NO = {"否", "n", "no", "0", "false", ""}
YEAR = re.compile(r"^(\d{4})\s*[-—–~至/]\s*(\d{4})\s*(?:学年)?$")
YEAR_IN_TEXT = re.compile(r"(\d{4})\s*-\s*(\d{4})")
TERM = re.compile(
    r"^(\d{4})\s*[-—–~至/]\s*(\d{4})\s*(?:学年)?\s*(?:[-—–/]|第)?\s*([12一二])\s*(?:学期)?$"
)


def duplicates(
    key: Any, row: int, column: str, seen: dict[Any, int], errors: list[RowError]
) -> None:
    """Record the first row of each key, and an error for every repeat of it."""
    if key in seen:
        errors.append(RowError(row, column, "duplicate", {"first": seen[key]}))
    else:
        seen[key] = row


def required(
    cells: dict[str, str], columns: Iterable[str], row: int, errors: list[RowError]
) -> bool:
    """Whether every required cell is filled; an error for each empty one."""
    before = len(errors)
    for column in columns:
        if not cells.get(column):
            errors.append(RowError(row, column, "empty"))
    return len(errors) == before


def flag(text: str) -> bool | None:
    """是/否 and their usual spellings; None when it is neither."""
    word = text.strip().lower()
    return True if word in YES else False if word in NO else None


def whole_number(text: str, low: int, high: int) -> int | None:
    """`3`, `3.0` or `３` as 3, within [low, high]; None otherwise."""
    word = text.strip().removesuffix(".0")
    return int(word) if word.isdigit() and low <= int(word) <= high else None


def percentage(text: str) -> float | None:
    """`12.5` or `12.5%` as 12.5, within 0–100; None otherwise."""
    word = text.strip().removesuffix("%").strip()
    try:
        value = float(word)
    except ValueError:
        return None
    return value if 0 <= value <= 100 else None


def academic_year(text: str) -> str | None:
    """`2025-2026` (or `2025—2026学年`) as the calendar names the year; None otherwise."""
    match = YEAR.match(text.strip())
    if match is None or int(match[2]) != int(match[1]) + 1:
        return None
    return f"{match[1]}-{match[2]}"


def year_in(*texts: str | None) -> str | None:
    """The first academic year named in a file name or caption, like 考核-2025-2026.xlsx."""
    for text in texts:
        for match in YEAR_IN_TEXT.finditer(text or ""):
            year = academic_year(f"{match[1]}-{match[2]}")
            if year is not None:
                return year
    return None


def term_code(text: str) -> str | None:
    """`2026-2027-1` or `2026-2027学年第一学期` as `2026-2027-1`; None otherwise."""
    match = TERM.match(text.strip())
    if match is None or int(match[2]) != int(match[1]) + 1:
        return None
    number = {"一": "1", "二": "2"}.get(match[3], match[3])
    return f"{match[1]}-{match[2]}-{number}"


def day(text: str) -> date | None:
    """A date as the sheet writes it: `2026-11-02`, `2026/11/2` or `2026.11.2`."""
    parts = re.split(r"[-/.年月日]", text.strip().removesuffix("日"))
    try:
        year, month, dom = (int(p) for p in parts[:3]) if len(parts) >= 3 else (0, 0, 0)
        return date(year, month, dom)
    except ValueError:
        return None
