"""Finding the rows a list names: by key in chunks, students with their class, scope."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from sqlmodel import SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from imports.errors import RowError
from models.org import SchoolClass, Staff, Student

# SQLite caps the values bound in one statement; PostgreSQL does not mind small chunks.
CHUNK = 900
Row = TypeVar("Row", bound=SQLModel)


async def by_key(
    session: AsyncSession, model: type[Row], column: Any, keys: Iterable[str]
) -> dict[str, Row]:
    """Rows whose `column` is one of `keys`, fetched in chunks."""
    found: dict[str, Row] = {}
    wanted = sorted(set(keys))
    for i in range(0, len(wanted), CHUNK):
        query = select(model).where(col(column).in_(wanted[i : i + CHUNK]))
        for row in (await session.exec(query)).all():
            found[str(getattr(row, column.key))] = row
    return found


async def students_by_no(
    session: AsyncSession, numbers: Iterable[str]
) -> dict[str, tuple[Student, SchoolClass]]:
    """Students by 学号, each with their class."""
    found: dict[str, tuple[Student, SchoolClass]] = {}
    wanted = sorted(set(numbers))
    for i in range(0, len(wanted), CHUNK):
        query = (
            select(Student, SchoolClass)
            .join(SchoolClass, col(SchoolClass.id) == col(Student.class_id))
            .where(col(Student.student_no).in_(wanted[i : i + CHUNK]))
        )
        for student, cls in (await session.exec(query)).all():
            found[student.student_no] = (student, cls)
    return found


def in_scope(actor: Staff | None, cls: SchoolClass) -> bool:
    """Whether the sender may change this class's data: admins anything, leaders their college."""
    return actor is None or actor.is_admin or cls.college_id == actor.college_id


def check_student(
    known: dict[str, tuple[Student, SchoolClass]],
    student_no: str,
    row: int,
    actor: Staff | None,
    errors: list[RowError],
) -> tuple[Student, SchoolClass] | None:
    """The row's student and class; an error when the 学号 is unknown or not the sender's."""
    found = known.get(student_no)
    if student_no and found is None:
        errors.append(RowError(row, "学号", "unknown-student", {"no": student_no}))
    elif found is not None and not in_scope(actor, found[1]):
        errors.append(RowError(row, "学号", "other-college-student", {"no": student_no}))
    return found
