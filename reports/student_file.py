"""Everything held about one student, as the .xlsx a data-subject request is answered with."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from i18n import Translate
from reports.xlsx import Cell, Table, tables_xlsx

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
    return tables_xlsx(
        [
            Table(
                t(f"privacy-sheet-{sheet}"),
                [t(f"privacy-col-{c}") for c in columns],
                data.rows.get(sheet, []),
                wrap=True,
            )
            for sheet, columns in SHEETS.items()
        ]
    )
