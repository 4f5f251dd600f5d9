"""The course failure-rate list (课程不及格率, catalog D02): each term's courses per college.

D02 asks each department (专业系部) to analyse every course whose failure rate is above 15%;
the list says which courses those are. A line's college is its 开课系部's: a major of that
name (D01 and D02 name departments by major), else the sender's own college. Importing a
term's list for a college replaces that term's list of that college.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from imports.cells import duplicates, required, term_code, whole_number
from imports.errors import RowError
from imports.runner import ListKind, Outcome, Request
from imports.tables import Table
from imports.warnings import academic_staff
from models.courses import CourseFailure
from models.org import Major

MOST = 100000  # more takers than this in one course is a typing error


@dataclass(frozen=True)
class CourseRow:
    """One checked line: a course of a term, its college and department, takers, failures."""

    college_id: int
    term: str
    department: str
    course: str
    enrolled: int
    failed: int
    teacher: str = ""  # 任课教师 or 课程组: that section's own rate (D02)


async def _colleges_of(session: AsyncSession) -> dict[str, set[int]]:
    """The colleges that have a major of each name."""
    found: dict[str, set[int]] = defaultdict(set)
    for name, college in (await session.exec(select(Major.name, Major.college_id))).all():
        found[name.strip()].add(college)
    return found


async def check(
    session: AsyncSession, table: Table, request: Request
) -> tuple[list[CourseRow], list[RowError]]:
    """Known terms, a department of a known (or the sender's) college, failures ≤ takers."""
    majors = await _colleges_of(session)
    own = request.actor.college_id if request.actor and not request.actor.is_admin else None
    errors: list[RowError] = []
    rows: list[CourseRow] = []
    seen: dict[tuple[str, str, str, str], int] = {}
    for number, cells in table.rows:
        before = len(errors)
        required(cells, KIND.required, number, errors)
        term = term_code(cells.get("学期", ""))
        if cells.get("学期") and term is None:
            errors.append(RowError(number, "学期", "bad-term", {"text": cells["学期"]}))
        department, course = cells.get("开课系部", "")[:100], cells.get("课程", "")[:100]
        colleges = majors.get(department, set())
        if own is not None:
            colleges = {own}
        elif not colleges and request.actor and request.actor.college_id:
            colleges = {request.actor.college_id}
        if department and len(colleges) != 1:
            code = "unknown-department" if not colleges else "ambiguous-department"
            errors.append(RowError(number, "开课系部", code, {"name": department}))
        enrolled = _count(cells, "选课人数", 1, number, errors)
        failed = _count(cells, "不及格人数", 0, number, errors)
        if enrolled is not None and failed is not None and failed > enrolled:
            args = {"count": failed, "size": enrolled}
            errors.append(RowError(number, "不及格人数", "more-than-enrolled", args))
        # D02 judges each 任课教师 or 课程组 on its own: the line is that section.
        teacher = (cells.get("任课教师", "") or cells.get("课程组", "")).strip()[:100]
        if term and department and course:
            duplicates((term, department, course, teacher), number, "课程", seen, errors)
        if len(errors) == before and term and enrolled is not None and failed is not None:
            rows.append(
                CourseRow(min(colleges), term, department, course, enrolled, failed, teacher)
            )
    return rows, errors


def _count(
    cells: dict[str, str], column: str, low: int, number: int, errors: list[RowError]
) -> int | None:
    """A whole number of students from `low` on; an error when the cell says something else."""
    value = whole_number(cells.get(column, ""), low, MOST)
    if cells.get(column) and value is None:
        code = "not-positive-integer" if low else "not-count"
        errors.append(RowError(number, column, code, {"text": cells[column]}))
    return value


async def apply(session: AsyncSession, rows: list[CourseRow], request: Request) -> Outcome:
    """Replace each (college, term) list in the file with the file's lines."""
    pairs = {(r.college_id, r.term) for r in rows}
    query = select(CourseFailure).where(
        col(CourseFailure.college_id).in_({c for c, _ in pairs}),
        col(CourseFailure.term).in_({t for _, t in pairs}),
    )
    old = {
        (c.college_id, c.term, c.department, c.course, c.teacher): c
        for c in (await session.exec(query)).all()
        if (c.college_id, c.term) in pairs
    }
    added = 0
    for r in rows:
        key = (r.college_id, r.term, r.department, r.course, r.teacher)
        entry = old.pop(key, None)
        if entry is None:
            added += 1
            entry = CourseFailure(
                college_id=r.college_id, term=r.term, department=r.department,
                course=r.course, teacher=r.teacher, enrolled=0, failed=0,
            )  # fmt: skip
        entry.enrolled, entry.failed = r.enrolled, r.failed
        entry.imported_by = request.actor.id if request.actor else None
        entry.imported_at = request.now
        session.add(entry)
    for gone in old.values():
        await session.delete(gone)
    await session.flush()
    counts = {
        "courses": len(rows),
        "terms": "、".join(sorted({r.term for r in rows})),
        "added": added,
        "removed": len(old),
    }
    return Outcome(counts)


KIND = ListKind(
    code="course_failures",
    required=("学期", "课程", "开课系部", "选课人数", "不及格人数"),
    optional=("任课教师", "课程组"),
    example=("2025-2026-2", "机械原理", "机械设计制造及其自动化", "120", "21", "张伟", ""),
    check=check,
    apply=apply,
    allowed=academic_staff,
)
