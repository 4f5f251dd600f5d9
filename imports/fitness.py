"""Fitness-test turnout per counselor (体质测试参测, catalog C23), as the records C23 counts.

C23 evaluates the year's largest `attendance` of a counselor's `fitness_test` records against
the number of students they look after, so an imported line becomes such a record, kept under
the counselor it is about; importing the same counselor and day again updates it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from imports.cells import day, duplicates, required, whole_number
from imports.errors import RowError
from imports.lookup import by_key
from imports.runner import ListKind, Outcome, Request
from imports.tables import Table
from models.org import CounselorClass, Staff, Student
from models.records import WorkRecord

KIND_CODE = "fitness_test"


@dataclass(frozen=True)
class FitnessRow:
    """One checked line: a counselor, how many of their students took the test, and when."""

    counselor: Staff
    attendance: int
    tested_on: date


async def students_per_counselor(session: AsyncSession, staff_ids: list[int]) -> dict[int, int]:
    """How many active students each counselor looks after."""
    query = (
        select(CounselorClass.staff_id, func.count(col(Student.id)))
        .join(Student, col(Student.class_id) == col(CounselorClass.class_id))
        .where(col(CounselorClass.staff_id).in_(staff_ids), Student.active)
        .group_by(col(CounselorClass.staff_id))
    )
    return dict((await session.exec(query)).all())


async def check(
    session: AsyncSession, table: Table, request: Request
) -> tuple[list[FitnessRow], list[RowError]]:
    """Known counselors, once each, with no more takers than students they look after."""
    numbers = (cells.get("工号", "") for _, cells in table.rows)
    staff = await by_key(session, Staff, Staff.staff_no, numbers)
    sizes = await students_per_counselor(session, [s.id for s in staff.values() if s.id])
    errors: list[RowError] = []
    rows: list[FitnessRow] = []
    seen: dict[str, int] = {}
    for number, cells in table.rows:
        before = len(errors)
        required(cells, KIND.required, number, errors)
        staff_no = cells.get("工号", "")
        person = staff.get(staff_no)
        if staff_no and (person is None or not person.is_counselor):
            errors.append(RowError(number, "工号", "unknown-counselor", {"no": staff_no}))
            person = None
        if staff_no:
            duplicates(staff_no, number, "工号", seen, errors)
        count = whole_number(cells.get("参测人数", ""), 0, 100000)
        if cells.get("参测人数") and count is None:
            errors.append(RowError(number, "参测人数", "not-integer", {"text": cells["参测人数"]}))
        elif person is not None and count is not None:
            size = sizes.get(person.id or 0, 0)
            if count > size:
                args = {"count": count, "size": size}
                errors.append(RowError(number, "参测人数", "more-than-students", args))
        tested = day(cells.get("测试日期", ""))
        if cells.get("测试日期") and tested is None:
            errors.append(RowError(number, "测试日期", "bad-date", {"text": cells["测试日期"]}))
        if len(errors) == before and person is not None and count is not None and tested:
            rows.append(FitnessRow(person, count, tested))
    return rows, errors


async def apply(session: AsyncSession, rows: list[FitnessRow], request: Request) -> Outcome:
    """Add a fitness_test record per counselor, or update the one imported for that day."""
    ids = [r.counselor.id for r in rows]
    query = select(WorkRecord).where(
        WorkRecord.kind == KIND_CODE,
        col(WorkRecord.staff_id).in_(ids),
        col(WorkRecord.deleted_at).is_(None),
    )
    imported = {
        (r.staff_id, r.occurred_on): r
        for r in (await session.exec(query)).all()
        if r.details.get("source") == "import"
    }
    added = changed = 0
    for r in rows:
        assert r.counselor.id is not None
        record = imported.get((r.counselor.id, r.tested_on))
        if record is None:
            record = WorkRecord(
                staff_id=r.counselor.id,
                kind=KIND_CODE,
                occurred_on=r.tested_on,
                details={
                    "source": "import",
                    "imported_by": request.actor.id if request.actor else None,
                },
                created_at=request.now,
            )
            added += 1
        elif record.attendance != r.attendance:
            changed += 1
        record.attendance, record.updated_at = r.attendance, request.now
        session.add(record)
    await session.flush()
    return Outcome({"counselors": len(rows), "added": added, "changed": changed})


KIND = ListKind(
    code="fitness",
    required=("工号", "参测人数", "测试日期"),
    optional=("姓名",),
    example=("T1001", "118", "2026-10-20", "张老师"),
    check=check,
    apply=apply,
)
