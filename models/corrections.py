"""Reading records for corrections and history: who may read whose, and paging one's records."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import extract, func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.audit import audit
from models.org import College, SchoolClass, Staff, Student
from models.records import RecordStudent, WorkRecord

PAGE_SIZE = 10


@dataclass(frozen=True)
class Page:
    """One page of a person's records, newest day first."""

    records: list[WorkRecord]
    number: int
    pages: int
    total: int


def month_bounds(month: str) -> tuple[date, date]:
    """The first and last day of a month given as YYYYMM."""
    first = date(int(month[:4]), int(month[4:]), 1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def _filtered(staff_id: int, kind: str | None, month: str | None) -> Any:
    """The condition for a person's counting records of one kind and month."""
    conditions = [WorkRecord.staff_id == staff_id, col(WorkRecord.deleted_at).is_(None)]
    if kind:
        conditions.append(WorkRecord.kind == kind)
    if month:
        first, last = month_bounds(month)
        conditions += [col(WorkRecord.occurred_on) >= first, col(WorkRecord.occurred_on) <= last]
    return conditions


async def page_of_records(
    session: AsyncSession,
    *,
    staff_id: int,
    page: int,
    kind: str | None = None,
    month: str | None = None,
    size: int = PAGE_SIZE,
) -> Page:
    """A page of a person's records that still count, filtered by kind and month (YYYYMM)."""
    conditions = _filtered(staff_id, kind, month)
    total = int((await session.exec(select(func.count()).where(*conditions))).one())
    pages = max(1, -(-total // size))
    number = min(max(page, 0), pages - 1)
    query = (
        select(WorkRecord)
        .where(*conditions)
        .order_by(
            col(WorkRecord.occurred_on).desc(),
            col(WorkRecord.created_at).desc(),
            col(WorkRecord.id).desc(),
        )
        .offset(number * size)
        .limit(size)
    )
    return Page(list((await session.exec(query)).all()), number, pages, total)


async def kinds_used(session: AsyncSession, *, staff_id: int) -> list[str]:
    """The kinds a person has counting records of."""
    query = (
        select(WorkRecord.kind)
        .where(WorkRecord.staff_id == staff_id, col(WorkRecord.deleted_at).is_(None))
        .distinct()
    )
    return sorted((await session.exec(query)).all())


async def months_used(session: AsyncSession, *, staff_id: int) -> list[str]:
    """The months (YYYYMM, newest first) in which a person has counting records."""
    year = extract("year", col(WorkRecord.occurred_on))
    month = extract("month", col(WorkRecord.occurred_on))
    query = (
        select(year, month)
        .where(WorkRecord.staff_id == staff_id, col(WorkRecord.deleted_at).is_(None))
        .distinct()
    )
    found = {f"{int(y):04d}{int(m):02d}" for y, m in (await session.exec(query)).all()}
    return sorted(found, reverse=True)


def may_read_records(viewer: Staff, owner: Staff) -> bool:
    """Whether the viewer may read this person's records: their own, an admin, or their leader."""
    if viewer.id == owner.id or viewer.is_admin:
        return True
    return (
        viewer.is_leader
        and viewer.college_id is not None
        and (viewer.college_id == owner.college_id)
    )


async def audit_read(
    session: AsyncSession, *, viewer: Staff, owner: Staff, what: str, **details: Any
) -> None:
    """Record that someone read another person's records (their own reads are not audited)."""
    if viewer.id == owner.id:
        return
    audit(session, actor_id=viewer.id, action=f"{what}.read", target=f"staff:{owner.id}", **details)
    await session.commit()


async def staff_by_no(session: AsyncSession, *, staff_no: str) -> Staff | None:
    """A staff member by 工号."""
    query = select(Staff).where(Staff.staff_no == staff_no.strip())
    return (await session.exec(query)).first()


async def people_of(
    session: AsyncSession, *, records: Sequence[WorkRecord]
) -> tuple[dict[int, list[Student]], dict[int, str]]:
    """The students of each record, and the names of every class involved."""
    ids = [r.id for r in records if r.id is not None]
    students: dict[int, list[Student]] = {}
    if ids:
        query = (
            select(RecordStudent.record_id, Student)
            .join(Student, col(Student.id) == col(RecordStudent.student_id))
            .where(col(RecordStudent.record_id).in_(ids))
            .order_by(col(Student.student_no))
        )
        for record_id, student in (await session.exec(query)).all():
            students.setdefault(record_id, []).append(student)
    class_ids = {r.class_id for r in records if r.class_id is not None}
    class_ids |= {s.class_id for group in students.values() for s in group}
    names: dict[int, str] = {}
    if class_ids:
        rows = await session.exec(select(SchoolClass).where(col(SchoolClass.id).in_(class_ids)))
        names = {c.id: c.name for c in rows.all() if c.id is not None}
    return students, names


async def college_staff(session: AsyncSession, *, college_id: int) -> list[Staff]:
    """The counselors and head teachers of a college, by name."""
    query = (
        select(Staff)
        .where(Staff.college_id == college_id)
        .where(col(Staff.is_counselor) | col(Staff.is_head_teacher))
        .order_by(col(Staff.name), col(Staff.id))
    )
    return list((await session.exec(query)).all())


async def college_by_name(session: AsyncSession, *, name: str) -> College | None:
    """A college by its name."""
    return (await session.exec(select(College).where(College.name == name.strip()))).first()
