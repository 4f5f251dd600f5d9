"""Factories that build organisation rows with sensible defaults: override what a test needs."""

from __future__ import annotations

import functools
import itertools
from datetime import date
from typing import Any, TypeVar

from sqlmodel.ext.asyncio.session import AsyncSession

from models.org import (
    College,
    CounselorClass,
    HeadTeacherClass,
    SchoolClass,
    Staff,
    Student,
)
from models.records import RecordStudent, WorkRecord
from policy.calendar import AcademicCalendar
from policy.kinds import KindCatalog
from policy.rules import Policy
from policy.service import PolicyService

_seq = itertools.count(1)
T = TypeVar("T")


def pk(row: Any) -> int:
    """The primary key of a flushed row."""
    assert row.id is not None
    return int(row.id)


async def _add(session: AsyncSession, row: T) -> T:
    session.add(row)
    await session.flush()
    return row


async def make_college(session: AsyncSession, **overrides: Any) -> College:
    """A college (default 机电工程学院)."""
    return await _add(session, College(**{"name": "机电工程学院", **overrides}))


async def make_class(session: AsyncSession, college: College, **overrides: Any) -> SchoolClass:
    """A class of the college."""
    n = next(_seq)
    values = {"name": f"机械{n:03d}班", "grade": 2024, "college_id": college.id, **overrides}
    return await _add(session, SchoolClass(**values))


async def make_student(session: AsyncSession, cls: SchoolClass, **overrides: Any) -> Student:
    """A student of the class."""
    n = next(_seq)
    values = {
        "student_no": f"2024{n:06d}",
        "name": f"学生{n}",
        "class_id": cls.id,
        "dorm": "7号楼 312",
        **overrides,
    }
    return await _add(session, Student(**values))


async def make_staff(session: AsyncSession, college: College | None, **overrides: Any) -> Staff:
    """A staff member (a counselor unless told otherwise)."""
    n = next(_seq)
    values: dict[str, Any] = {
        "staff_no": f"T{n:05d}",
        "name": f"老师{n}",
        "college_id": college.id if college else None,
    }
    if not any(k.startswith("is_") for k in overrides):
        values["is_counselor"] = True
    return await _add(session, Staff(**{**values, **overrides}))


async def make_counselor(
    session: AsyncSession, college: College, *classes: SchoolClass, **overrides: Any
) -> Staff:
    """A counselor assigned to these classes."""
    staff = await make_staff(session, college, is_counselor=True, **overrides)
    for cls in classes:
        await _add(session, CounselorClass(staff_id=pk(staff), class_id=pk(cls)))
    return staff


async def make_head_teacher(
    session: AsyncSession, college: College, cls: SchoolClass, **overrides: Any
) -> Staff:
    """The head teacher of a class."""
    staff = await make_staff(session, college, is_head_teacher=True, **overrides)
    await _add(session, HeadTeacherClass(staff_id=pk(staff), class_id=pk(cls)))
    return staff


async def make_record(
    session: AsyncSession,
    staff: Staff,
    kind: str,
    occurred_on: date,
    *students: Student,
    **overrides: Any,
) -> WorkRecord:
    """A work record, linked to the students it concerns."""
    record = await _add(
        session, WorkRecord(staff_id=pk(staff), kind=kind, occurred_on=occurred_on, **overrides)
    )
    for student in students:
        await _add(session, RecordStudent(record_id=pk(record), student_id=pk(student)))
    return record


@functools.cache
def _shipped_parts() -> tuple[Policy, AcademicCalendar, KindCatalog]:
    loaded = PolicyService.load()
    return loaded.policy, loaded.calendar, loaded.kinds


def shipped_policy() -> PolicyService:
    """A fresh PolicyService (its own counters) over the shipped policy, read once per process:
    parsing the files costs a fifth of a second, and every started application needs one."""
    return PolicyService(*_shipped_parts())
