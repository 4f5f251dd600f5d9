"""Issue 14, D02: every course above the 15% line is analysed by the next term's fourth week."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

from imports.kinds import KINDS
from imports.runner import Request, import_list
from models.courses import CourseFailure
from models.org import Major
from policy.evaluation import RuleStatus, Status
from policy.service import PolicyService
from tests.factories import make_college, make_record, make_staff
from tests.imports.sheets import xlsx_of
from tests.policy.scenes import JIDIAN, at, build_scene

DEPARTMENT = "机械设计制造及其自动化"
AUTUMN = "2025-2026-1"
APRIL = date(2026, 4, 15)  # the spring term's fourth week has passed (it ended 3-29)
HEADER = ["学期", "课程", "开课系部", "选课人数", "不及格人数"]


async def d02(
    session: AsyncSession, svc: PolicyService, staff_id: int, day: date
) -> list[RuleStatus]:
    """The person's D02 statuses of the spring term 2026."""
    evaluation = await svc.evaluate(session, now=at(day))
    return [
        s
        for s in evaluation.for_staff(staff_id)
        if s.rule.id == "D02" and s.period.start == date(2026, 3, 2)
    ]


@pytest.mark.parametrize(
    ("analysed", "day", "status", "missing"),
    [
        ([], APRIL, Status.MISSED, ("机械原理",)),
        ([], date(2026, 3, 4), Status.ON_TRACK, ("机械原理",)),
        ([("机械原理", date(2026, 1, 20), DEPARTMENT)], APRIL, Status.MET, ()),  # 寒假
        ([("机械原理", date(2026, 3, 27), None)], APRIL, Status.MET, ()),  # week 4, no 主题
        ([("机械原理", date(2026, 4, 1), DEPARTMENT)], APRIL, Status.MISSED, ("机械原理",)),
        ([("机械原理", date(2026, 3, 20), "电气工程系")], APRIL, Status.MISSED, ("机械原理",)),
        ([("理论力学", date(2026, 3, 20), DEPARTMENT)], APRIL, Status.MISSED, ("机械原理",)),
        ([("机械原理", date(2025, 9, 20), DEPARTMENT)], APRIL, Status.MISSED, ("机械原理",)),
    ],
)
async def test_it_asks_an_analysis_of_each_course_above_the_line_by_the_fourth_week(
    session: AsyncSession,
    svc: PolicyService,
    analysed: list[tuple[str, date, str | None]],
    day: date,
    status: Status,
    missing: tuple[str, ...],
) -> None:
    """C 第三条: 「对于不及格人数超过 15%的任课教师或课程组，需要进行总结分析，剖析原因，
    制订改进举措」.

    The autumn list has 机械原理 at 21/120 (17.5%: above) and 理论力学 at 15/100 (15%: not
    above). The analysis names the course (主题 = 开课系部, or empty) and is logged after the
    autumn round closed and by the end of the spring term's fourth teaching week.
    """
    scene = await build_scene(session, svc, "D02")
    college_id = scene.staff.college_id
    assert college_id is not None and scene.staff.id is not None
    for course, enrolled, failed in (("机械原理", 120, 21), ("理论力学", 100, 15)):
        session.add(
            CourseFailure(college_id=college_id, term=AUTUMN, department=DEPARTMENT,
                          course=course, enrolled=enrolled, failed=failed)
        )  # fmt: skip
    for course, on, theme in analysed:
        # As /log saves it: the course in details, the 系部 as theme.
        await make_record(
            session, scene.staff, "course_analysis", on, theme=theme, details={"course": course}
        )
    await session.commit()
    (found,) = await d02(session, svc, scene.staff.id, day)
    assert (found.unit, found.target, found.status) == (DEPARTMENT, 1, status)
    assert found.missing_courses == missing


async def test_it_asks_nothing_when_no_course_is_above_the_line(
    session: AsyncSession, svc: PolicyService
) -> None:
    """C 第三条: 「不及格人数超过 15%」: exactly 15% is not above, and no list is no duty."""
    scene = await build_scene(session, svc, "D02")
    assert scene.staff.id is not None and scene.staff.college_id is not None
    (found,) = await d02(session, svc, scene.staff.id, APRIL)
    assert (found.status, found.reason) == (Status.NOT_APPLICABLE, "no_courses")
    session.add(
        CourseFailure(college_id=scene.staff.college_id, term=AUTUMN, department=DEPARTMENT,
                      course="理论力学", enrolled=100, failed=15)
    )  # fmt: skip
    await session.commit()
    (found,) = await d02(session, svc, scene.staff.id, APRIL)
    assert (found.status, found.reason) == (Status.NOT_APPLICABLE, "no_courses")


async def test_it_imports_the_failure_rate_list_and_replaces_a_terms_list(
    session: AsyncSession, svc: PolicyService
) -> None:
    """「fudao import course_failures FILE」: the 课程不及格率 list, one line per course; the
    开课系部 names a major of the college (as D01 names departments)."""
    college = await make_college(session, name=JIDIAN)
    session.add(Major(college_id=college.id or 0, name=DEPARTMENT))
    leader = await make_staff(session, college, is_leader=True)
    admin = await make_staff(session, None, is_admin=True)
    await session.commit()
    now = datetime(2026, 3, 3, 2, tzinfo=UTC)

    async def send(rows: list[list[str]]) -> list[str]:
        assert session.bind is not None
        async with AsyncSession(session.bind, expire_on_commit=False) as own:
            result = await import_list(
                own,
                KINDS,
                xlsx_of(HEADER, rows),
                "课程不及格率.xlsx",
                Request(admin, now),
                dry_run=False,
            )
        assert result.kind is None or result.kind.code == "course_failures"
        return [str(e) for e in result.errors]

    first = [
        [AUTUMN, "机械原理", DEPARTMENT, "120", "21"],
        [AUTUMN, "工程制图", DEPARTMENT, "90", "30"],
    ]
    assert await send(first) == []
    (found,) = await d02(session, svc, leader.id or 0, date(2026, 3, 10))
    assert found.missing_courses == ("工程制图", "机械原理")
    assert await send([[AUTUMN, "机械原理", DEPARTMENT, "120", "21"]]) == []
    (found,) = await d02(session, svc, leader.id or 0, date(2026, 3, 10))
    assert found.missing_courses == ("机械原理",)
    bad = [
        ["2026春", "机械原理", DEPARTMENT, "120", "21"],
        [AUTUMN, "机械原理", "数学系", "120", "21"],
        [AUTUMN, "工程制图", DEPARTMENT, "90", "91"],
    ]
    assert await send(bad) == [
        "第 2 行，学期 列：无法识别“2026春”，请写成“2026-2027-1”",
        "第 3 行，开课系部 列：没有名为“数学系”的专业系部",
        "第 4 行，不及格人数 列：不及格人数 91 超过选课人数 90",
    ]
