"""Everything held about one student, as the .xlsx a data-subject request is answered with."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from openpyxl import Workbook

from i18n import Translate
from reports.workbook import fill_sheet, sheet_title
from reports.xlsx import Cell

# The sheets in order, each with its columns (locale keys privacy-col-<column>).
SHEETS: dict[str, tuple[str, ...]] = {
    "student": ("field", "value"),
    "records": ("date", "kind", "subtype", "staff", "theme", "dorm", "note", "crisis",
                "follow-up", "deleted"),
    "concerns": ("started", "ended", "reason", "level"),
    "warnings": ("term", "courses", "failed"),
    "audit": ("at", "actor", "action", "target", "details"),
}  # fmt: skip


@dataclass
class StudentFile:
    """The rows of each sheet, filled by services.privacy."""

    rows: dict[str, list[Sequence[Cell]]] = field(default_factory=dict)

    def add(self, sheet: str, *cells: Cell) -> None:
        """Append one row to a sheet."""
        assert len(cells) == len(SHEETS[sheet])
        self.rows.setdefault(sheet, []).append(cells)


def render_student_file(data: StudentFile, t: Translate) -> bytes:
    """The .xlsx bytes: one sheet per kind of data, every sheet present even when empty."""
    book = Workbook()
    taken: set[str] = set()
    first = book.active
    assert first is not None
    book.remove(first)
    for sheet, columns in SHEETS.items():
        page = book.create_sheet(sheet_title(t(f"privacy-sheet-{sheet}"), taken))
        header = [t(f"privacy-col-{c}") for c in columns]
        fill_sheet(page, header, data.rows.get(sheet, []), wrap=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
