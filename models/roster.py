"""The roster as the free-text reader needs it: my students with their class, and the rest."""

from __future__ import annotations

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.org import SchoolClass, Staff, Student
from models.scope import class_ids_of


async def my_students_with_class(
    session: AsyncSession, *, staff: Staff
) -> list[tuple[Student, SchoolClass]]:
    """This person's active students, each with their class, in 学号 order."""
    ids = await class_ids_of(session, staff=staff)
    if not ids:
        return []
    query = (
        select(Student, SchoolClass)
        .join(SchoolClass, col(SchoolClass.id) == col(Student.class_id))
        .where(col(Student.class_id).in_(ids), Student.active)
        .order_by(Student.student_no)
    )
    return [(student, cls) for student, cls in (await session.exec(query)).all()]


async def college_others(
    session: AsyncSession, *, staff: Staff, exclude_class_ids: list[int]
) -> list[tuple[str, str]]:
    """Name and 学号 of the students of this person's college outside the given classes."""
    if staff.college_id is None:
        return []
    query = (
        select(Student.name, Student.student_no)
        .join(SchoolClass, col(SchoolClass.id) == col(Student.class_id))
        .where(SchoolClass.college_id == staff.college_id, Student.active)
        .where(col(Student.class_id).not_in(exclude_class_ids or [-1]))
    )
    return [(name, number) for name, number in (await session.exec(query)).all()]
