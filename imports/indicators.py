"""Class indicators (班级指标, catalog A09): one row per class and academic year."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from imports.cells import academic_year, duplicates, percentage, required, whole_number
from imports.errors import RowError
from imports.lookup import by_key, in_scope
from imports.runner import ListKind, Outcome, Request
from imports.tables import Table
from models.indicators import ClassIndicator
from models.org import SchoolClass

# Column → ClassIndicator field; every rate is a percentage 0–100.
RATES = {
    "不及格率": "fail_rate",
    "考研录取率": "postgraduate_rate",
    "就业率": "employment_rate",
    "双证率": "dual_certificate_rate",
    "四六级通过率": "cet_pass_rate",
}
AWARDS = "校级以上获奖数"


@dataclass(frozen=True)
class IndicatorRow:
    """One checked line: a class, a year, and the figures given (blank ones stay None)."""

    school_class: SchoolClass
    year: str
    values: dict[str, Any]


async def check(
    session: AsyncSession, table: Table, request: Request
) -> tuple[list[IndicatorRow], list[RowError]]:
    """Known classes, well-formed years, rates 0–100 and whole award counts."""
    names = (cells.get("班级", "") for _, cells in table.rows)
    classes = await by_key(session, SchoolClass, SchoolClass.name, names)
    errors: list[RowError] = []
    rows: list[IndicatorRow] = []
    seen: dict[tuple[str, str], int] = {}
    for number, cells in table.rows:
        before = len(errors)
        required(cells, ("班级", "学年"), number, errors)
        cls = classes.get(cells.get("班级", ""))
        if cells.get("班级") and cls is None:
            errors.append(RowError(number, "班级", "unknown-class", {"name": cells["班级"]}))
        elif cls is not None and not in_scope(request.actor, cls):
            errors.append(RowError(number, "班级", "other-college-class", {"name": cls.name}))
        year = academic_year(cells.get("学年", ""))
        if cells.get("学年") and year is None:
            errors.append(RowError(number, "学年", "bad-year", {"text": cells["学年"]}))
        if year and cls is not None:
            duplicates((cls.name, year), number, "班级", seen, errors)
        values: dict[str, Any] = {}
        for column, attr in RATES.items():
            text = cells.get(column, "")
            values[attr] = percentage(text) if text else None
            if text and values[attr] is None:
                errors.append(RowError(number, column, "not-percentage", {"text": text}))
        text = cells.get(AWARDS, "")
        values["awards"] = whole_number(text, 0, 10000) if text else None
        if text and values["awards"] is None:
            errors.append(RowError(number, AWARDS, "not-count", {"text": text}))
        if len(errors) == before and cls is not None and year:
            rows.append(IndicatorRow(cls, year, values))
    return rows, errors


async def apply(session: AsyncSession, rows: list[IndicatorRow], request: Request) -> Outcome:
    """Insert or replace each class's figures for the year."""
    ids = [r.school_class.id for r in rows]
    existing = {
        (i.class_id, i.academic_year): i
        for i in (
            await session.exec(select(ClassIndicator).where(col(ClassIndicator.class_id).in_(ids)))
        ).all()
    }
    added = changed = 0
    for r in rows:
        assert r.school_class.id is not None
        row = existing.get((r.school_class.id, r.year))
        if row is None:
            row = ClassIndicator(class_id=r.school_class.id, academic_year=r.year)
            added += 1
        elif any(getattr(row, k) != v for k, v in r.values.items()):
            changed += 1
        for key, value in r.values.items():
            setattr(row, key, value)
        row.imported_at = request.now
        session.add(row)
    await session.flush()
    years = "、".join(sorted({r.year for r in rows}))
    return Outcome({"classes": len(rows), "added": added, "changed": changed, "years": years})


KIND = ListKind(
    code="indicators",
    required=("班级", "学年", *RATES),
    optional=(AWARDS,),
    example=("机械2401班", "2025-2026", "3.5", "12", "96.5", "80", "75.2", "4"),
    check=check,
    apply=apply,
)
