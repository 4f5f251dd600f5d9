"""Roster import: students, classes and their staff from one spreadsheet, all or nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import insert
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from imports.cells import duplicates, flag, required
from imports.errors import RowError
from imports.lookup import CHUNK, by_key
from imports.runner import ListKind, Outcome, Request
from imports.tables import Table
from models.dorms import normalize_dorm
from models.org import (
    College,
    CounselorClass,
    HeadTeacherClass,
    Major,
    SchoolClass,
    Staff,
    Student,
)

# The header of the roster template, in the order the template lists it.
HEADER = (
    "学号",
    "姓名",
    "学院",
    "专业",
    "年级",
    "班级",
    "宿舍",
    "辅导员工号",
    "辅导员",
    "班主任工号",
    "班主任",
    "重点关注",
    "学生干部",
    "学业预警",
    "特殊生源",
)
REQUIRED = ("学号", "姓名", "学院", "年级", "班级")
OPTIONAL = ("专业", "宿舍", "辅导员工号", "辅导员", "班主任工号", "班主任")
FLAGS = {
    "重点关注": "key_concern",
    "学生干部": "cadre",
    "学业预警": "academic_warning",
    "特殊生源": "special_origin",
}
NEW_STUDENT = {
    "dorm": None,
    "key_concern": False,
    "cadre": False,
    "academic_warning": False,
    "special_origin": False,
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


def _grade(value: str) -> int | None:
    """年级 as `2024`, `2024级` or `2024.0`."""
    word = value.removesuffix("级").strip()
    return int(word) if word.isdigit() and 2000 <= int(word) <= 2100 else None


def _person(
    cells: dict[str, str], no_col: str, name_col: str, row: int, errors: list[RowError]
) -> tuple[str, str] | None:
    """A (工号, 姓名) pair, both or neither."""
    number, name = cells.get(no_col, ""), cells.get(name_col, "")
    if number and not name:
        errors.append(
            RowError(row, name_col, "pair-missing", {"filled": no_col, "empty": name_col})
        )
    elif name and not number:
        errors.append(RowError(row, no_col, "pair-missing", {"filled": name_col, "empty": no_col}))
    return (number, name) if number and name else None


def validate_roster(table: Table) -> tuple[list[RosterRow], list[RowError]]:
    """Check every row; return the good rows and every error found."""
    errors: list[RowError] = []
    rows: list[RosterRow] = []
    seen_students: dict[str, int] = {}
    staff_names: dict[str, tuple[str, int]] = {}
    class_facts: dict[str, tuple[str, int, int]] = {}
    heads: dict[str, tuple[str, int]] = {}
    for number, cells in table.rows:
        before = len(errors)
        student_no = cells.get("学号", "")
        required(cells, REQUIRED, number, errors)
        if student_no:
            duplicates(student_no, number, "学号", seen_students, errors)
        grade = _grade(cells.get("年级", ""))
        if cells.get("年级") and grade is None:
            errors.append(RowError(number, "年级", "bad-grade", {"text": cells["年级"]}))
        dorm = None
        if cells.get("宿舍"):
            dorm = normalize_dorm(cells["宿舍"])
            if dorm is None:
                errors.append(RowError(number, "宿舍", "bad-dorm", {"text": cells["宿舍"]}))
        flags: dict[str, bool] = {}
        for column, attr in FLAGS.items():
            if column in cells:
                value = flag(cells[column])
                if value is None:
                    errors.append(RowError(number, column, "yes-no", {"text": cells[column]}))
                else:
                    flags[attr] = value
        counselor = _person(cells, "辅导员工号", "辅导员", number, errors)
        head = _person(cells, "班主任工号", "班主任", number, errors)
        for person, column in ((counselor, "辅导员"), (head, "班主任")):
            if person is None:
                continue
            known = staff_names.setdefault(person[0], (person[1], number))
            if known[0] != person[1]:
                args = {"no": person[0], "first": known[1], "name": known[0], "here": person[1]}
                errors.append(RowError(number, column, "staff-name-conflict", args))
        class_name, college = cells.get("班级", ""), cells.get("学院", "")
        if class_name and grade is not None:
            facts = class_facts.setdefault(class_name, (college, grade, number))
            if facts[0] != college:
                args = {"name": class_name, "first": facts[2], "college": facts[0]}
                errors.append(RowError(number, "学院", "class-college-conflict", args))
            if facts[1] != grade:
                args = {"name": class_name, "first": facts[2], "grade": facts[1]}
                errors.append(RowError(number, "年级", "class-grade-conflict", args))
        if class_name and head is not None:
            first = heads.setdefault(class_name, (head[0], number))
            if first[0] != head[0]:
                args = {"name": class_name, "first": first[1], "no": first[0]}
                errors.append(RowError(number, "班主任工号", "one-head-teacher", args))
        if len(errors) == before and grade is not None:
            rows.append(
                RosterRow(
                    number,
                    student_no,
                    cells["姓名"],
                    college,
                    cells.get("专业", ""),
                    grade,
                    class_name,
                    dorm,
                    counselor,
                    head,
                    flags,
                )
            )
    return rows, errors


async def apply_roster(session: AsyncSession, rows: Sequence[RosterRow]) -> RosterSummary:
    """Create or update everything the rows name; the caller commits or rolls back."""
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
        cls = classes.get(r.class_name)
        if cls is None:
            cls = classes[r.class_name] = SchoolClass(
                name=r.class_name, grade=r.grade, college_id=college_id
            )
            summary.new_classes += 1
        cls.grade, cls.college_id = r.grade, college_id
        cls.major_id = major.id if major else cls.major_id
        session.add(cls)
    await session.flush()
    people = {p[0]: (p[1], r) for r in rows for p in (r.counselor, r.head_teacher) if p}
    counselor_numbers = {r.counselor[0] for r in rows if r.counselor}
    head_numbers = {r.head_teacher[0] for r in rows if r.head_teacher}
    staff = await by_key(session, Staff, Staff.staff_no, people.keys())
    for number, (name, r) in people.items():
        person = staff.get(number)
        if person is None:
            person = staff[number] = Staff(staff_no=number, name=name)
            summary.new_staff += 1
        elif person.name != name or person.college_id != colleges[r.college].id:
            summary.updated_staff += 1
        person.name, person.college_id = name, colleges[r.college].id
        person.is_counselor = person.is_counselor or number in counselor_numbers
        person.is_head_teacher = person.is_head_teacher or number in head_numbers
        session.add(person)
    await session.flush()
    await _assign(session, rows, classes, staff, summary)
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
) -> None:
    """Make each listed class's counselors and head teacher exactly what the file says."""
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
        if head is not None:
            await session.delete(head)
            await session.flush()
        session.add(HeadTeacherClass(staff_id=staff_id, class_id=class_id))
        summary.head_teacher_changes += 1
    await session.flush()


async def _check(
    session: AsyncSession, table: Table, request: Request
) -> tuple[list[RosterRow], list[RowError]]:
    """The roster's own checks (no database needed)."""
    return validate_roster(table)


async def _apply(session: AsyncSession, rows: list[RosterRow], request: Request) -> Outcome:
    """The roster's upsert, its summary as counts."""
    return Outcome(asdict(await apply_roster(session, rows)))


KIND = ListKind(
    code="roster",
    required=REQUIRED,
    optional=tuple(c for c in HEADER if c not in REQUIRED),
    example=(
        "2024010101",
        "王小明",
        "机电工程学院",
        "2024",
        "机械2401班",
        "机械工程",
        "7号楼 312",
        "T1001",
        "张老师",
        "T1002",
        "刘老师",
        "否",
        "否",
        "否",
        "否",
    ),
    check=_check,
    apply=_apply,
)
