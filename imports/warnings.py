"""The academic-warning list (学业预警): each term's list, the current flag, whom to tell."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from imports.cells import duplicates, required, term_code, whole_number
from imports.errors import RowError
from imports.lookup import check_student, in_scope, students_by_no
from imports.runner import ListKind, Notice, Outcome, Request
from imports.tables import Table
from models.org import CounselorClass, HeadTeacherClass, SchoolClass, Staff, Student
from models.warnings import AcademicWarning

# The preview names who joined and who left a list; beyond this many it says 等.
MAX_NAMES = 20


@dataclass(frozen=True)
class WarningRow:
    """One checked line of the list."""

    student: Student
    school_class: SchoolClass
    term: str
    courses: str
    failed: int


async def check(
    session: AsyncSession, table: Table, request: Request
) -> tuple[list[WarningRow], list[RowError]]:
    """Every line names a known student of the sender's college, once per term."""
    known = await students_by_no(session, (cells.get("学号", "") for _, cells in table.rows))
    errors: list[RowError] = []
    rows: list[WarningRow] = []
    seen: dict[tuple[str, str], int] = {}
    for number, cells in table.rows:
        before = len(errors)
        required(cells, KIND.required, number, errors)
        student_no = cells.get("学号", "")
        found = check_student(known, student_no, number, request.actor, errors)
        failed = whole_number(cells.get("不及格门数", ""), 1, 60)
        if cells.get("不及格门数") and failed is None:
            args = {"text": cells["不及格门数"]}
            errors.append(RowError(number, "不及格门数", "not-positive-integer", args))
        term = term_code(cells.get("学期", ""))
        if cells.get("学期") and term is None:
            errors.append(RowError(number, "学期", "bad-term", {"text": cells["学期"]}))
        if term and student_no:
            duplicates((student_no, term), number, "学号", seen, errors)
        if len(errors) == before and found is not None and term and failed:
            rows.append(WarningRow(found[0], found[1], term, cells["课程"][:500], failed))
    return rows, errors


async def _teachers(session: AsyncSession, class_ids: list[int]) -> list[tuple[Staff, str, int]]:
    """(person, role, class) for the counselors and head teachers of these classes."""
    counselors = select(Staff, CounselorClass.class_id).join(
        CounselorClass, col(CounselorClass.staff_id) == col(Staff.id)
    )
    heads = select(Staff, HeadTeacherClass.class_id).join(
        HeadTeacherClass, col(HeadTeacherClass.staff_id) == col(Staff.id)
    )
    found: list[tuple[Staff, str, int]] = []
    for role, query, link in (
        ("counselor", counselors, CounselorClass.class_id),
        ("head_teacher", heads, HeadTeacherClass.class_id),
    ):
        rows = await session.exec(query.where(col(link).in_(class_ids)))
        found += [(staff, role, class_id) for staff, class_id in rows.all()]
    return found


async def apply(session: AsyncSession, rows: list[WarningRow], request: Request) -> Outcome:
    """Replace each listed term's list, flag the newest term's students, gather whom to tell.

    1. A term's list is what the file says: students of the sender's scope who were on that
       term's list and are not in the file leave it (C33, H04, H05 follow each term's list).
    2. The roster flag 学业预警 means "on the newest term's list": importing that term (or a
       newer one) sets it for the students listed and clears it for those who left; an older
       term's list leaves the flags alone.
    """
    terms = sorted({r.term for r in rows})
    newest = (await session.exec(select(sa.func.max(AcademicWarning.term)))).one()
    before = await _listed(session, terms, request)
    by_key = {(w.student_id, w.term): w for w, _ in before}
    listed = {(r.student.id, r.term) for r in rows}
    left = [(w, student) for w, student in before if (w.student_id, w.term) not in listed]
    joined = [r for r in rows if (r.student.id, r.term) not in by_key]
    for entry, _ in left:
        await session.delete(entry)
    for r in rows:
        assert r.student.id is not None
        entry = by_key.get((r.student.id, r.term)) or AcademicWarning(
            student_id=r.student.id, term=r.term, courses="", failed_courses=0
        )
        entry.courses, entry.failed_courses = r.courses, r.failed
        entry.imported_by = request.actor.id if request.actor else None
        entry.imported_at = request.now
        session.add(entry)
    flagged = 0
    current = terms[-1]
    if newest is None or current >= newest:
        on_list = {r.student.id for r in rows if r.term == current}
        for student in await _flagged(session, request):
            if student.id not in on_list:
                student.academic_warning = False
                session.add(student)
        for r in rows:
            if r.term == current and not r.student.academic_warning:
                flagged += 1
                r.student.academic_warning = True
                session.add(r.student)
    await session.flush()
    by_class: dict[int, list[tuple[str, str, str]]] = {}
    for r in rows:
        line = f"{r.student.name}（{r.student.student_no}，{r.school_class.name}）：{r.courses}"
        key = (r.school_class.name, r.student.student_no, line)
        by_class.setdefault(r.school_class.id or 0, []).append(key)
    people: dict[tuple[int, str], tuple[Staff, list[tuple[str, str, str]]]] = {}
    for staff, role, class_id in await _teachers(session, list(by_class)):
        people.setdefault((staff.id or 0, role), (staff, []))[1].extend(by_class[class_id])
    # Each person reads their students by class, then 学号.
    notices = [
        Notice(staff, role, [line for *_, line in sorted(lines)])
        for (_, role), (staff, lines) in sorted(people.items(), key=lambda p: p[0])
    ]
    counts: dict[str, Any] = {
        "students": len(rows),
        "flagged": flagged,
        "terms": "、".join(sorted({r.term for r in rows})),
        "teachers": len({staff.id for staff, _ in people.values()}),
        "joined": len(joined),
        "joined_names": _names(r.student for r in joined),
        "left": len(left),
        "left_names": _names(student for _, student in left),
    }
    return Outcome(counts, notices)


async def _listed(
    session: AsyncSession, terms: list[str], request: Request
) -> list[tuple[AcademicWarning, Student]]:
    """The students on these terms' lists whom the sender may change."""
    query = (
        select(AcademicWarning, Student, SchoolClass)
        .join(Student, col(Student.id) == col(AcademicWarning.student_id))
        .join(SchoolClass, col(SchoolClass.id) == col(Student.class_id))
        .where(col(AcademicWarning.term).in_(terms))
    )
    found = (await session.exec(query)).all()
    return [(w, student) for w, student, cls in found if in_scope(request.actor, cls)]


async def _flagged(session: AsyncSession, request: Request) -> list[Student]:
    """The students flagged 学业预警 whom the sender may change."""
    query = (
        select(Student, SchoolClass)
        .join(SchoolClass, col(SchoolClass.id) == col(Student.class_id))
        .where(col(Student.academic_warning))
    )
    found = (await session.exec(query)).all()
    return [student for student, cls in found if in_scope(request.actor, cls)]


def _names(students: Iterable[Student]) -> str:
    """Names with 学号 for the preview, the first 20 of them."""
    shown = sorted(f"{s.name}（{s.student_no}）" for s in students)
    return "、".join(shown[:MAX_NAMES]) + ("等" if len(shown) > MAX_NAMES else "")


def academic_staff(staff: Staff) -> bool:
    """Who keeps academic records here: the college's administrators and its leaders."""
    return staff.is_admin or staff.is_leader


KIND = ListKind(
    code="warnings",
    required=("学号", "课程", "不及格门数", "学期"),
    optional=("姓名",),
    example=("2024010101", "高等数学、大学物理", "2", "2026-2027-1", "王小明"),
    check=check,
    apply=apply,
    allowed=academic_staff,
)
