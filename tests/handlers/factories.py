"""Extra factories for the records tests: leaders, admins and a college with every role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from models.org import College, SchoolClass, Staff, Student
from models.records import WorkRecord
from tests.factories import (
    make_class,
    make_college,
    make_counselor,
    make_head_teacher,
    make_record,
    make_staff,
    make_student,
)

# A Wednesday in the autumn term, 10:00 in Shanghai.
NOW = datetime(2026, 11, 18, 2, 0, tzinfo=UTC)
TODAY = date(2026, 11, 18)


@dataclass
class Campus:
    """Two colleges; the first with a counselor, a head teacher, another counselor and a leader."""

    college: College
    class_a: SchoolClass
    class_b: SchoolClass
    student: Student
    other_student: Student
    counselor: Staff
    head_teacher: Staff
    other_counselor: Staff
    leader: Staff
    other_leader: Staff
    admin: Staff
    other_college: College


async def make_campus(session: AsyncSession) -> Campus:
    """Every role the visibility and correction rules speak of."""
    college = await make_college(session, name="机电工程学院")
    elsewhere = await make_college(session, name="外国语学院")
    class_a = await make_class(session, college, name="机械2401班")
    class_b = await make_class(session, college, name="机械2402班")
    student = await make_student(session, class_a, student_no="2024010101", name="王小明")
    other = await make_student(session, class_b, student_no="2024010201", name="李雷")
    counselor = await make_counselor(session, college, class_a, name="张老师", staff_no="T1001")
    head = await make_head_teacher(session, college, class_a, name="刘老师", staff_no="T1002")
    other_counselor = await make_counselor(
        session, college, class_b, name="赵老师", staff_no="T1003"
    )
    leader = await make_staff(session, college, is_leader=True, name="王书记", staff_no="L001")
    other_leader = await make_staff(
        session, elsewhere, is_leader=True, name="陈院长", staff_no="L002"
    )
    admin = await make_staff(session, college, is_admin=True, name="管理员", staff_no="A001")
    await session.commit()
    return Campus(
        college,
        class_a,
        class_b,
        student,
        other,
        counselor,
        head,
        other_counselor,
        leader,
        other_leader,
        admin,
        elsewhere,
    )


async def make_saved_record(
    session: AsyncSession,
    staff: Staff,
    kind: str,
    day: date,
    *students: Student,
    created_at: datetime = NOW,
    **overrides: Any,
) -> WorkRecord:
    """A record saved at `created_at` (the correction window counts from saving)."""
    record = await make_record(
        session,
        staff,
        kind,
        day,
        *students,
        created_at=created_at,
        updated_at=created_at,
        **overrides,
    )
    await session.commit()
    return record
