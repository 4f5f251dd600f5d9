"""Grading a year from the database: the 15% line across colleges, 兼职, the local 60 line."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

from models.assessment import PUBLISHED, AssessmentRound, CounselorAssessment, round_of
from models.assessment import HeadTeacherAssessment as HeadRow
from models.db import Database
from models.org import College, Staff
from policy.service import PolicyService
from reports.assessment_data import gather_results
from services.grading import grade_year
from tests.factories import make_class, make_college, make_counselor, make_staff, make_student, pk

YEAR = "2025-2026"
NOW = datetime(2026, 9, 15, 2, 0, tzinfo=UTC)


def policy_with(*, scope: str = "university", head_fail: float = 60) -> PolicyService:
    """The shipped policy with A03's scope and the head teachers' 不合格 line set."""
    service = PolicyService.load()
    p = service.policy
    assessment = p.assessment.model_copy(update={"excellent_quota_scope": scope})
    settings = p.settings.model_copy(update={"head_teacher_fail_below": head_fail})
    service.policy = dataclasses.replace(p, assessment=assessment, settings=settings)
    return service


async def counselor(
    session: AsyncSession, college: College, total: float, *, full_time: bool = True
) -> int:
    """A counselor with one student who took part, every score equal to `total`."""
    cls = await make_class(session, college)
    await make_student(session, cls)
    staff = await make_counselor(session, college, cls, full_time=full_time)
    session.add(CounselorAssessment(
        staff_id=pk(staff), college_id=pk(college), academic_year=YEAR, self_score=total,
        student_score=total, participants=1, head_teacher_score=total, panel_score=total,
        peer_score=total, department_score=total, started_on=date(2020, 9, 1),
    ))  # fmt: skip
    if await round_of(session, college_id=pk(college), academic_year=YEAR) is None:
        session.add(AssessmentRound(college_id=pk(college), academic_year=YEAR))
    await session.flush()
    return pk(staff)


async def grades(session: AsyncSession) -> dict[str, list[str | None]]:
    """Each college's counselors' grades, highest total first."""
    found = await gather_results(session, academic_year=YEAR)
    return {c.college_name: [r.grade for _, r in c.counselors] for c in found}


async def two_colleges(session: AsyncSession) -> tuple[College, College]:
    """A college of two (96, 80) and one of twelve (89 down to 78): fourteen take part."""
    small = await make_college(session, name="材料学院")
    large = await make_college(session, name="机电工程学院")
    for total in (96, 80):
        await counselor(session, small, total)
    for total in range(89, 77, -1):
        await counselor(session, large, total)
    return small, large


@pytest.mark.parametrize(
    ("scope", "small", "excellent"),
    [
        # 14 × 15% = 2.1 → two places across the university: 96 (材料) and 89 (机电).
        ("university", ["excellent", "qualified"], 2),
        # Per college: 2 × 15% = 0 places in 材料, 12 × 15% = 1 in 机电.
        ("college", ["qualified", "qualified"], 1),
    ],
)
async def test_it_draws_the_excellent_line_over_everyone_taking_part(
    db: Database, scope: str, small: list[str], excellent: int
) -> None:
    """U 考核 第七条: 「优秀等次名额不超过参加测评人员的 15%」; 第四条: 学生工作部会同各学院."""
    async with db.session() as session:
        await two_colleges(session)
        await grade_year(session, policy_with(scope=scope), academic_year=YEAR, now=NOW)
        found = await grades(session)
        results = await gather_results(session, academic_year=YEAR)
    assert found["材料学院"] == small
    assert sum(g == "excellent" for gs in found.values() for g in gs) == excellent
    scopes = {r.decided_by["args"]["scope"] for c in results for _, r in c.counselors}
    assert scopes == {scope}


async def test_a_published_college_keeps_its_grades_and_still_counts(db: Database) -> None:
    """U 考核 第七条: a published college's grades are its rows of the university-wide grading."""
    policy = policy_with()
    async with db.session() as session:
        small, large = await two_colleges(session)
        await grade_year(session, policy, academic_year=YEAR, now=NOW)
        published = await round_of(session, college_id=pk(small), academic_year=YEAR)
        assert published is not None
        published.state = PUBLISHED
        session.add(published)
        # A late counselor of 机电 with the best total: 15 take part, still two places.
        late = await counselor(session, large, 99)
        await grade_year(session, policy, academic_year=YEAR, now=NOW)
        found = await grades(session)
        rows = {r.staff_id: r for c in await gather_results(session, academic_year=YEAR)
                for _, r in c.counselors}  # fmt: skip
    assert found["材料学院"] == ["excellent", "qualified"]
    assert rows[late].grade == "excellent"
    assert rows[late].decided_by["args"]["graded"] == 15


@pytest.mark.parametrize(
    ("full_time", "grade", "graded"),
    [(True, "qualified", 3), (False, "not_graded", 2)],
)
async def test_a_part_time_counselor_is_reviewed_not_graded(
    db: Database, full_time: bool, grade: str, graded: int
) -> None:
    """U 考核 第三条: 「本办法适用于全体在岗专职辅导员。兼职辅导员工作参照本办法进行评议。」"""
    async with db.session() as session:
        college = await make_college(session)
        others = [await counselor(session, college, t) for t in (90, 85)]
        person = await counselor(session, college, 80, full_time=full_time)
        await grade_year(session, policy_with(), academic_year=YEAR, now=NOW)
        (results,) = await gather_results(session, academic_year=YEAR)
    rows = {r.staff_id: r for _, r in results.counselors}
    assert rows[person].grade == grade
    if not full_time:
        assert rows[person].decided_by == {"rule": "A04", "code": "part_time", "args": {}}
    assert rows[others[0]].decided_by["args"]["graded"] == graded


@pytest.mark.parametrize(
    ("head_fail", "score", "grade"),
    [(60, 59, "unqualified"), (60, 62, "basically_qualified"), (65, 62, "unqualified")],
)
async def test_the_head_teachers_fail_line_is_the_setting(
    db: Database, head_fail: float, score: float, grade: str
) -> None:
    """U 班主任 第十二条 names 不合格 but draws no line: head_teacher_fail_below (本校设定)."""
    async with db.session() as session:
        college = await make_college(session)
        head = await make_staff(session, college, is_head_teacher=True)
        session.add(AssessmentRound(college_id=pk(college), academic_year=YEAR))
        session.add(HeadRow(staff_id=pk(head), college_id=pk(college), academic_year=YEAR,
                            score=score))  # fmt: skip
        await session.flush()
        await grade_year(session, policy_with(head_fail=head_fail), academic_year=YEAR, now=NOW)
        (results,) = await gather_results(session, academic_year=YEAR)
    ((_, row),) = results.head_teachers
    assert row.grade == grade


@pytest.mark.parametrize(
    ("stored", "grade"),
    [
        (None, "qualified"),  # nothing stored: the list's 2020-09-01 stands
        (date(2019, 9, 1), "qualified"),
        (date(2025, 10, 1), "not_graded"),  # corrected on the person after the list came in
    ],
)
async def test_a04_reads_the_start_date_stored_on_the_person(
    db: Database, stored: date | None, grade: str
) -> None:
    """U 考核 第七条(一): 「任辅导员工作不满 1 年的……只参加评议，不确定等次」, from the
    任职起始日期 entered once on the person (issue 20), not a copy in the assessment list."""
    async with db.session() as session:
        college = await make_college(session)
        others = [await counselor(session, college, t) for t in (90, 85)]
        person = await counselor(session, college, 80)
        staff = await session.get(Staff, person)
        assert staff is not None
        staff.started_on = stored
        session.add(staff)
        await grade_year(session, policy_with(), academic_year=YEAR, now=NOW)
        (results,) = await gather_results(session, academic_year=YEAR)
    rows = {r.staff_id: r for _, r in results.counselors}
    assert rows[person].grade == grade
    assert rows[others[0]].grade is not None
