"""Writing a checked roster: colleges, classes, staff, assignments and students, in bulk."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import insert
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from imports.errors import RowError
from imports.lookup import CHUNK, by_key
from models.org import (
    College,
    CounselorClass,
    HeadTeacherClass,
    Major,
    SchoolClass,
    Staff,
    Student,
)
from models.spells import note_head_change, set_head_starts

NEW_STUDENT = {
    "dorm": None,
    "key_concern": False,
    "cadre": False,
    "academic_warning": False,
    "special_origin": False,
    "psych_committee": False,
    "special_group": False,
    "dorm_psych_informant": False,
}


@dataclass(frozen=True)
class RosterRow:
    """One valid student line."""

    row: int
    student_no: str
    name: str
    college: str
    major: str
    grade: int
    class_name: str
    dorm: str | None
    counselor: tuple[str, str] | None
    head_teacher: tuple[str, str] | None
    flags: dict[str, bool]
    counselor_full_time: bool | None = None  # 专兼职; None: the file has no such column
    counselor_started: date | None = None  # 任职起始日期 of the counselor
    head_started: date | None = None  # 班主任起始日期: the head teacher's spell of this class
    program_years: int | None = None  # 学制 (C38b); None: kept (4 for a new class)
    department: str | None = None  # 系 of the row's major (D01); None: kept


@dataclass
class RosterSummary:
    """What an import changes."""

    new_students: int = 0
    updated_students: int = 0
    new_staff: int = 0
    updated_staff: int = 0
    new_classes: int = 0
    new_colleges: int = 0
    head_teacher_changes: int = 0
    counselor_changes: int = 0


def start_changed(
    row: int, column: str, person: Staff, old: date | None, new: date
) -> RowError | None:
    """A note for the preview when a list changes a start date fudao had stored."""
    if old is None or old == new:
        return None
    args = {"no": person.staff_no, "name": person.name, "column": column, "old": old.isoformat(),
            "new": new.isoformat()}  # fmt: skip
    return RowError(row, column, "start-changed", args)


async def apply_roster(
    session: AsyncSession,
    rows: Sequence[RosterRow],
    *,
    on: date,
    changes: list[RowError] | None = None,
) -> RosterSummary:
    """Create or update everything the rows name; the caller commits or rolls back.

    A start date that differs from the stored one is changed, and said in `changes`."""
    changes = [] if changes is None else changes
    summary = RosterSummary()
    colleges = await by_key(session, College, College.name, (r.college for r in rows))
    for name in {r.college for r in rows} - colleges.keys():
        colleges[name] = College(name=name)
        session.add(colleges[name])
        summary.new_colleges += 1
    await session.flush()
    majors: dict[tuple[int, str], Major] = {
        (m.college_id, m.name): m for m in (await session.exec(select(Major))).all()
    }
    classes = await by_key(session, SchoolClass, SchoolClass.name, (r.class_name for r in rows))
    for r in rows:
        college_id = colleges[r.college].id
        assert college_id is not None
        major = None
        if r.major:
            major = majors.get((college_id, r.major))
            if major is None:
                major = majors[(college_id, r.major)] = Major(college_id=college_id, name=r.major)
                session.add(major)
                await session.flush()
            if r.department:
                major.department = r.department
                session.add(major)
        cls = classes.get(r.class_name)
        if cls is None:
            cls = classes[r.class_name] = SchoolClass(
                name=r.class_name, grade=r.grade, college_id=college_id
            )
            summary.new_classes += 1
        cls.grade, cls.college_id = r.grade, college_id
        cls.major_id = major.id if major else cls.major_id
        cls.program_years = r.program_years or cls.program_years or 4
        session.add(cls)
    await session.flush()
    people = {p[0]: (p[1], r) for r in rows for p in (r.counselor, r.head_teacher) if p}
    full_time = {
        r.counselor[0]: r.counselor_full_time
        for r in rows
        if r.counselor and r.counselor_full_time is not None
    }
    started = {r.counselor[0]: r for r in reversed(rows) if r.counselor and r.counselor_started}
    counselor_numbers = {r.counselor[0] for r in rows if r.counselor}
    head_numbers = {r.head_teacher[0] for r in rows if r.head_teacher}
    staff = await by_key(session, Staff, Staff.staff_no, people.keys())
    for number, (name, r) in people.items():
        person = staff.get(number)
        first = started.get(number)
        start = first.counselor_started if first else None
        if person is None:
            person = staff[number] = Staff(staff_no=number, name=name)
            summary.new_staff += 1
        else:
            before = (person.name, person.college_id, person.full_time, person.started_on)
            now = (name, colleges[r.college].id, full_time.get(number, person.full_time),
                   start or person.started_on)  # fmt: skip
            summary.updated_staff += before != now
        if first is not None and start is not None:
            note = start_changed(first.row, "任职起始日期", person, person.started_on, start)
            changes += [note] if note else []
            person.started_on = start
        person.name, person.college_id = name, colleges[r.college].id
        person.full_time = full_time.get(number, person.full_time)
        person.is_counselor = person.is_counselor or number in counselor_numbers
        person.is_head_teacher = person.is_head_teacher or number in head_numbers
        session.add(person)
    await session.flush()
    replaced = await _assign(session, rows, classes, staff, summary, on)
    await _head_starts(session, rows, classes, staff, replaced, changes)
    students = await by_key(session, Student, Student.student_no, (r.student_no for r in rows))
    new_rows: list[dict[str, Any]] = []
    for r in rows:
        values: dict[str, Any] = {
            "name": r.name,
            "class_id": classes[r.class_name].id,
            "active": True,
            **r.flags,
        }
        if r.dorm is not None:
            values["dorm"] = r.dorm
        student = students.get(r.student_no)
        if student is None:
            new_rows.append({**NEW_STUDENT, "student_no": r.student_no, **values})
            summary.new_students += 1
        elif any(getattr(student, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(student, key, value)
            session.add(student)
            summary.updated_students += 1
    await session.flush()
    # New students go in as one bulk insert: thousands of ORM objects would take seconds.
    connection = await session.connection()
    for i in range(0, len(new_rows), CHUNK):
        await connection.execute(insert(Student), new_rows[i : i + CHUNK])
    return summary


async def _assign(
    session: AsyncSession,
    rows: Sequence[RosterRow],
    classes: dict[str, SchoolClass],
    staff: dict[str, Staff],
    summary: RosterSummary,
    on: date,
) -> set[int]:
    """Make each listed class's counselors and head teacher exactly what the file says;
    a replaced head teacher's spell ends `on` (S06). The classes whose head teacher changed."""
    wanted_counselors: dict[int, set[int]] = {}
    wanted_head: dict[int, int] = {}
    for r in rows:
        class_id = classes[r.class_name].id
        assert class_id is not None
        if r.counselor:
            wanted_counselors.setdefault(class_id, set()).add(staff[r.counselor[0]].id or 0)
        if r.head_teacher:
            wanted_head[class_id] = staff[r.head_teacher[0]].id or 0
    ids = list(wanted_counselors.keys() | wanted_head.keys())
    current_c = [
        a
        for i in range(0, len(ids), CHUNK)
        for a in (
            await session.exec(
                select(CounselorClass).where(col(CounselorClass.class_id).in_(ids[i : i + CHUNK]))
            )
        ).all()
    ]
    current_h = {
        a.class_id: a
        for i in range(0, len(ids), CHUNK)
        for a in (
            await session.exec(
                select(HeadTeacherClass).where(
                    col(HeadTeacherClass.class_id).in_(ids[i : i + CHUNK])
                )
            )
        ).all()
    }
    have: dict[int, set[int]] = {}
    replaced: set[int] = set()
    for link in current_c:
        have.setdefault(link.class_id, set()).add(link.staff_id)
        if (
            link.class_id in wanted_counselors
            and link.staff_id not in wanted_counselors[link.class_id]
        ):
            await session.delete(link)
            summary.counselor_changes += 1
    for class_id, wanted in wanted_counselors.items():
        for staff_id in wanted - have.get(class_id, set()):
            session.add(CounselorClass(staff_id=staff_id, class_id=class_id))
            summary.counselor_changes += 1
    for class_id, staff_id in wanted_head.items():
        head = current_h.get(class_id)
        if head is not None and head.staff_id == staff_id:
            continue
        replaced.add(class_id)
        if head is not None:
            await session.delete(head)
            await session.flush()
            await note_head_change(
                session, class_id=class_id, old_id=head.staff_id, new_id=staff_id, on=on
            )
        session.add(HeadTeacherClass(staff_id=staff_id, class_id=class_id))
        summary.head_teacher_changes += 1
    await session.flush()
    return replaced


async def _head_starts(
    session: AsyncSession,
    rows: Sequence[RosterRow],
    classes: dict[str, SchoolClass],
    staff: dict[str, Staff],
    replaced: set[int],
    changes: list[RowError],
) -> None:
    """班主任起始日期: start each listed head teacher's spell of the class on the given day;
    a class whose head teacher this list replaces has no earlier start to report."""
    firsts = {r.class_name: r for r in reversed(rows) if r.head_teacher and r.head_started}
    wanted: dict[tuple[int, int], tuple[RosterRow, Staff]] = {}
    for r in firsts.values():
        assert r.head_teacher is not None
        person, class_id = staff[r.head_teacher[0]], classes[r.class_name].id
        assert person.id is not None and class_id is not None
        wanted[(class_id, person.id)] = (r, person)
    starts = {key: r.head_started for key, (r, _) in wanted.items() if r.head_started}
    before = await set_head_starts(session, starts=starts)
    for key, (r, person) in wanted.items():
        assert r.head_started is not None
        old = None if key[0] in replaced else before[key]
        note = start_changed(r.row, "班主任起始日期", person, old, r.head_started)
        changes += [note] if note else []
    await session.flush()
