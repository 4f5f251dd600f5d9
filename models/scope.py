"""What each person may see: their classes, students and dorm rooms."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from sqlalchemy import bindparam, func, or_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.channels import staff_chat_column
from models.org import College, CounselorClass, HeadTeacherClass, SchoolClass, Staff, Student

MAX_MATCHES = 8


@cache
def _staff_by_chat(column: Any) -> Any:
    """The look-up by one channel's chat column, built once: every update makes it."""
    roles = or_(
        *(col(getattr(Staff, f"is_{r}")) for r in ("counselor", "head_teacher", "leader", "admin"))
    )
    return select(Staff).where(col(column) == bindparam("chat"), roles)


async def staff_by_telegram(session: AsyncSession, *, telegram_user_id: int) -> Staff | None:
    """The registered staff member behind a chat (Telegram or WeCom); nobody once roles ended."""
    query = _staff_by_chat(staff_chat_column(telegram_user_id))
    found: Staff | None = (await session.exec(query, params={"chat": telegram_user_id})).first()
    return found


async def staff_by_id(session: AsyncSession, *, staff_id: int | None) -> Staff | None:
    """A staff member by id (None for no id)."""
    return await session.get(Staff, staff_id) if staff_id is not None else None


async def student_by_id(session: AsyncSession, *, student_id: int | None) -> Student | None:
    """A student by id (None for no id), whoever looks after them."""
    return await session.get(Student, student_id) if student_id is not None else None


async def class_by_id(session: AsyncSession, *, class_id: int | None) -> SchoolClass | None:
    """A class by id (None for no id)."""
    return await session.get(SchoolClass, class_id) if class_id is not None else None


async def college_name(session: AsyncSession, *, college_id: int | None) -> str | None:
    """The name of a college, or None."""
    if college_id is None:
        return None
    college = await session.get(College, college_id)
    return college.name if college else None


async def class_ids_of(session: AsyncSession, *, staff: Staff) -> list[int]:
    """The classes whose students this person looks after or oversees."""
    if staff.is_admin:
        return list((await session.exec(select(SchoolClass.id))).all())  # type: ignore[arg-type]
    if staff.is_leader and staff.college_id is not None:
        query = select(SchoolClass.id).where(SchoolClass.college_id == staff.college_id)
        return list((await session.exec(query)).all())  # type: ignore[arg-type]
    own = select(CounselorClass.class_id).where(CounselorClass.staff_id == staff.id)
    headed = select(HeadTeacherClass.class_id).where(HeadTeacherClass.staff_id == staff.id)
    return sorted(set((await session.exec(own)).all()) | set((await session.exec(headed)).all()))


async def classes_of(session: AsyncSession, *, staff: Staff) -> list[SchoolClass]:
    """This person's classes, by name."""
    ids = await class_ids_of(session, staff=staff)
    if not ids:
        return []
    query = select(SchoolClass).where(col(SchoolClass.id).in_(ids)).order_by(SchoolClass.name)
    return list((await session.exec(query)).all())


async def find_students(session: AsyncSession, *, staff: Staff, text: str) -> list[Student]:
    """This person's students whose 学号 is `text` or whose name contains it."""
    ids = await class_ids_of(session, staff=staff)
    text = text.strip()
    if not ids or not text:
        return []
    query = (
        select(Student)
        .where(col(Student.class_id).in_(ids), Student.active)
        .where(or_(col(Student.student_no) == text, col(Student.name).contains(text)))
        .order_by(Student.student_no)
        .limit(MAX_MATCHES + 1)
    )
    return list((await session.exec(query)).all())


async def student_by_no(session: AsyncSession, *, student_no: str) -> Student | None:
    """A student by 学号, whoever looks after them."""
    query = select(Student).where(Student.student_no == student_no.strip())
    return (await session.exec(query)).first()


async def is_my_student(session: AsyncSession, *, staff: Staff, student: Student) -> bool:
    """Whether the student is in one of this person's classes."""
    return student.class_id in await class_ids_of(session, staff=staff)


async def students_by_ids(session: AsyncSession, *, ids: Sequence[int]) -> list[Student]:
    """Students by id, in 学号 order."""
    if not ids:
        return []
    query = select(Student).where(col(Student.id).in_(ids)).order_by(Student.student_no)
    return list((await session.exec(query)).all())


async def dorms_of(session: AsyncSession, *, staff: Staff) -> list[tuple[str, int]]:
    """The dorm rooms of this person's students, with how many of them live there."""
    ids = await class_ids_of(session, staff=staff)
    if not ids:
        return []
    query = (
        select(Student.dorm, func.count())
        .where(col(Student.class_id).in_(ids), col(Student.dorm).is_not(None), Student.active)
        .group_by(Student.dorm)
        .order_by(Student.dorm)
    )
    return [(dorm, n) for dorm, n in (await session.exec(query)).all() if dorm]


async def student_count_of(session: AsyncSession, *, staff: Staff) -> int:
    """How many active students this person looks after."""
    ids = await class_ids_of(session, staff=staff)
    if not ids:
        return 0
    query = select(func.count()).where(col(Student.class_id).in_(ids), Student.active)
    return int((await session.exec(query)).one())


async def class_names(
    session: AsyncSession, *, ids: Iterable[int | None] | None = None
) -> dict[int, str]:
    """Class names by id: of these classes, or of every class (read once per job run)."""
    wanted = None if ids is None else sorted({i for i in ids if i is not None})
    if wanted == []:  # a save's progress of no class: nothing to build or read
        return {}
    query = select(SchoolClass.id, SchoolClass.name)
    if wanted is not None:
        query = query.where(col(SchoolClass.id).in_(wanted))
    return {cid: name for cid, name in (await session.exec(query)).all() if cid is not None}


async def staff_of_college(session: AsyncSession, *, college_id: int) -> list[Staff]:
    """The college's staff by name."""
    query = select(Staff).where(Staff.college_id == college_id)
    return sorted((await session.exec(query)).all(), key=lambda s: (s.name, s.id or 0))


async def classes_in_college(session: AsyncSession, *, college_id: int) -> list[SchoolClass]:
    """The college's classes by grade and name."""
    query = select(SchoolClass).where(SchoolClass.college_id == college_id)
    return sorted((await session.exec(query)).all(), key=lambda c: (c.grade, c.name))


async def class_links(session: AsyncSession, *, college_id: int) -> dict[int, set[int]]:
    """The classes each of the college's counselors and head teachers looks after."""
    found: dict[int, set[int]] = {}
    for link in (CounselorClass, HeadTeacherClass):
        query = (
            select(link.staff_id, link.class_id)
            .join(SchoolClass, col(SchoolClass.id) == col(link.class_id))
            .where(SchoolClass.college_id == college_id)
        )
        for staff_id, class_id in (await session.exec(query)).all():
            found.setdefault(staff_id, set()).add(class_id)
    return found
