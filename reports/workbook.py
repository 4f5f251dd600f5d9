"""The digest's full table as an .xlsx workbook: an overview, one sheet per period, coverage."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from i18n import Translate, role_names
from reports.digest_data import PERIOD_ORDER, STATUSES, CollegeDigest
from reports.xlsx import DATE_FORMAT, Cell, Table, column_width, tables_xlsx


def workbook_bytes(book: Workbook) -> bytes:
    """The saved workbook, every text stored as text: a note like `=HYPERLINK(…)` never runs."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                # openpyxl turns any str starting with "=" into a formula; keep it a string.
                if cell.data_type == "f":
                    cell.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def number(value: float) -> int | float:
    """A count as an integer cell, hours as a decimal one."""
    return int(value) if float(value).is_integer() else round(value, 2)


def fill_sheet(
    sheet: Worksheet, header: Sequence[str], rows: Sequence[Sequence[Cell]], *, wrap: bool = False
) -> None:
    """Write a bold frozen header, the rows, date formats, readable widths, wrapped if asked."""
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append(list(row))
    for index, title in enumerate(header, 1):
        column = get_column_letter(index)
        values = [title, *(r[index - 1] for r in rows)]
        sample = [v for v in values if v is not None]
        if any(isinstance(v, date) for v in sample):
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = DATE_FORMAT
        sheet.column_dimensions[column].width = column_width(sample)
        if wrap:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def rule_label(t: Translate, rule_id: str, title: str) -> str:
    """The rule's name in the reader's language, else its Chinese title from the policy."""
    label = t(f"rule-{rule_id}")
    return title if label == f"rule-{rule_id}" else label


def place_label(t: Translate, place: str | None) -> str | None:
    """A class or department as it is; a grade unit (grade_2) as the reader says it."""
    if place and place.startswith("grade_") and place[6:].isdigit():
        return t("digest-grade", grade=int(place[6:]))
    return place


def _overview(title: str, digest: CollegeDigest, t: Translate) -> Table:
    """Each person's statuses now and last week, then the college's."""
    labels = [t(f"status-{s}") for s in STATUSES]
    header = [
        t("digest-xlsx-staff"),
        t("digest-xlsx-roles"),
        *labels,
        t("digest-xlsx-total"),
        *(t("digest-xlsx-last-week", status=label) for label in labels),
    ]
    rows: list[list[Cell]] = []
    people = [(s.name, role_names(t, s.roles), s.now, s.before) for s in digest.staff]
    people.append((t("digest-college-total"), "", digest.total_now, digest.total_before))
    for name, roles, now, before in people:
        rows.append(
            [
                name,
                roles,
                *(now.get(s) for s in STATUSES),
                now.total,
                *(before.get(s) for s in STATUSES),
            ]
        )
    return Table(title, header, rows)


def _period_rows(digest: CollegeDigest, t: Translate, kind: str) -> list[list[Cell]]:
    """The quotas of one period kind, by person and rule."""
    rows = sorted(
        (r for r in digest.rows if r.period_kind == kind),
        key=lambda r: (r.staff_name, r.rule_id, r.period_start, r.place or ""),
    )
    return [
        [
            r.staff_name,
            r.rule_id,
            rule_label(t, r.rule_id, r.rule_title),
            place_label(t, r.place),
            r.period_start,
            r.period_end,
            number(r.target),
            number(r.done),
            number(r.remaining),
            r.days_left,
            t(f"status-{r.status}"),
        ]
        for r in rows
    ]


def render_workbook(digest: CollegeDigest, t: Translate, *, with_names: bool) -> bytes:
    """The .xlsx bytes; student names only for readers allowed to see them."""
    tables = [_overview(t("digest-xlsx-overview"), digest, t)]
    period_header = [
        t(f"digest-xlsx-{c}")
        for c in (
            "staff",
            "rule-id",
            "rule",
            "class",
            "start",
            "end",
            "target",
            "done",
            "remaining",
            "days-left",
            "status",
        )
    ]
    kinds = {r.period_kind for r in digest.rows}
    for kind in [k for k in PERIOD_ORDER if k in kinds] + sorted(kinds - set(PERIOD_ORDER)):
        tables.append(
            Table(t(f"digest-period-{kind}"), period_header, _period_rows(digest, t, kind))
        )
    tables.append(
        Table(
            t("digest-xlsx-coverage"),
            [
                t(f"digest-xlsx-{c}")
                for c in ("staff", "rule-id", "rule", "period", "done", "target", "missing")
            ],
            [
                [
                    c.name,
                    c.rule_id,
                    rule_label(t, c.rule_id, c.rule_title),
                    t(f"digest-period-{c.period_kind}"),
                    c.done,
                    c.target,
                    c.target - c.done,
                ]
                for c in digest.coverage
            ],
        )
    )
    if with_names:
        tables.append(
            Table(
                t("digest-xlsx-students"),
                [
                    t(f"digest-xlsx-{c}")
                    for c in ("staff", "rule-id", "rule", "student-no", "student", "class")
                ],
                [
                    [
                        c.name,
                        c.rule_id,
                        rule_label(t, c.rule_id, c.rule_title),
                        s.student_no,
                        s.name,
                        s.class_name,
                    ]
                    for c in digest.coverage
                    for s in c.missing
                ],
            )
        )
    return tables_xlsx(tables)
