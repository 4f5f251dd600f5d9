"""Where a crisis record belongs: the college whose leaders hear of it, and who it names."""

from __future__ import annotations

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.org import SchoolClass, Staff, Student
from models.records import RecordStudent, WorkRecord


async def crisis_place(
    session: AsyncSession, *, record: WorkRecord
) -> tuple[int | None, str, list[str]]:
    """The college a crisis record belongs to, its class name and the students' names."""
    query = (
        select(Student.name, Student.class_id)
        .join(RecordStudent, col(RecordStudent.student_id) == Student.id)
        .where(RecordStudent.record_id == record.id)
    )
    found = (await session.exec(query)).all()
    class_id = record.class_id or (found[0][1] if found else None)
    cls = await session.get(SchoolClass, class_id) if class_id is not None else None
    if cls is None:
        staff = await session.get(Staff, record.staff_id)
        return (staff.college_id if staff else None), "", [n for n, _ in found]
    return cls.college_id, cls.name, [n for n, _ in found]
