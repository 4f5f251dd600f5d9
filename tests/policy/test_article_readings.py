"""Issue 14: the count follows the article's words, through the database, row by row."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

from policy.evaluation import Status
from policy.periods import period_containing
from policy.service import PolicyService
from tests.factories import make_class, make_college, make_counselor, make_record
from tests.policy.scenes import JIDIAN, at, build_scene

MET, NA = Status.MET, Status.NOT_APPLICABLE


@pytest.mark.parametrize(
    ("rule_id", "days", "done", "status"),
    [
        ("C15", [date(2026, 4, 8)] * 3, 1, Status.ON_TRACK),  # three rooms on one evening
        ("C15", [date(2026, 4, 8), date(2026, 4, 8), date(2026, 4, 9)], 2, MET),
        ("C15", [date(2026, 4, 8), date(2026, 4, 20)], 2, MET),
        ("H07", [date(2026, 4, 8)] * 2, 1, MET),
    ],
)
async def test_it_counts_dorm_visits_as_trips_not_rooms(
    session: AsyncSession,
    svc: PolicyService,
    rule_id: str,
    days: list[date],
    done: int,
    status: Status,
) -> None:
    """U 11(四)1: 「每月到学生宿舍至少 2 次」; U 班主任 第六条(三): 「经常深入学生宿舍」.

    Going twice meets it: records on the same day are one visit.
    """
    scene = await build_scene(session, svc, rule_id)
    for day in days:
        await make_record(session, scene.staff, "dorm_visit", day, dorm="7号楼 312")
    await session.commit()
    (found,) = scene.statuses(await svc.evaluate(session, now=at(date(2026, 4, 22))))
    assert (found.done, found.status) == (done, status)


@pytest.mark.parametrize(
    ("monday", "status"),
    [
        (date(2026, 6, 22), Status.AT_RISK),  # the last week of lectures
        (date(2026, 6, 29), NA),  # exam weeks: no lectures to visit
        (date(2026, 7, 6), NA),
    ],
)
async def test_it_does_not_ask_for_classroom_patrols_in_exam_weeks(
    session: AsyncSession, svc: PolicyService, monday: date, status: Status
) -> None:
    """U 11(三)2: 「每周至少到学生上课的教室巡堂 1 次」: no lectures in exam weeks."""
    scene = await build_scene(session, svc, "C09")
    evaluation = await svc.evaluate(session, now=at(monday + timedelta(days=3)))
    assert scene.staff.id is not None
    found = [
        s.status
        for s in evaluation.for_staff(scene.staff.id)
        if s.rule.id == "C09" and s.period.start == monday
    ]
    assert found == [status]
    reasons = {s.reason for s in evaluation.for_staff(scene.staff.id) if s.rule.id == "C09"}
    assert ("exam_weeks" in reasons) == (status == NA)


@pytest.mark.parametrize(
    ("rule_id", "day", "applies"),
    [
        ("C14", date(2026, 2, 24), True),  # 寒假: the risk ledger is still updated monthly
        ("C16", date(2026, 2, 24), True),  # online guidance goes on every week
        ("C14", date(2026, 7, 28), True),
        ("C16", date(2026, 8, 12), True),
        ("C06", date(2026, 2, 24), False),  # a cadre meeting pauses in the vacation
        ("C09", date(2026, 2, 24), False),
    ],
)
async def test_it_keeps_safety_and_online_work_going_in_vacations(
    session: AsyncSession, svc: PolicyService, rule_id: str, day: date, applies: bool
) -> None:
    """U 11(四)1: 「每月按时更新 1 次风险台帐」; U 11(四)3: 「每周通过……网络平台……发布」.

    Neither article has a vacation exception.
    """
    scene = await build_scene(session, svc, rule_id)
    evaluation = await svc.evaluate(session, now=at(day))
    assert scene.staff.id is not None
    period = period_containing(day, scene.rule.period, svc.calendar)
    found = [
        s
        for s in evaluation.for_staff(scene.staff.id)
        if s.rule.id == rule_id and s.period == period
    ]
    assert len(found) == 1
    assert (found[0].status != NA) == applies
    assert svc.policy.rules_for_college(None)[0].applies_in_vacation is False  # C01 pauses


@pytest.mark.parametrize(
    ("rule_id", "day", "counts"),
    [
        ("L01", date(2026, 4, 13), False),  # teaching week 7
        ("L01", date(2026, 4, 20), True),  # week 8
        ("L01", date(2026, 5, 17), True),  # the last day of week 11
        ("L01", date(2026, 5, 18), False),  # week 12
        ("L02", date(2026, 3, 29), True),  # the last day of week 4
        ("L02", date(2026, 3, 30), False),
        ("D01", date(2026, 3, 2), True),
        ("D01", date(2026, 4, 6), False),
    ],
)
async def test_it_counts_meetings_only_in_their_weeks_of_the_term(
    session: AsyncSession, svc: PolicyService, rule_id: str, day: date, counts: bool
) -> None:
    """C 第二条: 「期中教学座谈会」「每年春季学期初……全院教学工作大会」; C 第三条: 「每学期初」.

    期中 is teaching weeks 8–11 by default, 学期初 the first 4 teaching weeks.
    """
    scene = await build_scene(session, svc, rule_id)
    subtype = "grade_1" if rule_id == "L01" else None
    await make_record(session, scene.staff, scene.rule.kind, day, subtype=subtype)
    await session.commit()
    evaluation = await svc.evaluate(session, now=at(date(2026, 7, 12)))
    found = scene.statuses(evaluation)
    assert found and [s.done for s in found][:1] == [1 if counts else 0]


@pytest.mark.parametrize(("full_time", "bound"), [(True, True), (False, False)])
async def test_it_asks_national_or_provincial_training_of_full_time_counselors_only(
    session: AsyncSession, svc: PolicyService, full_time: bool, bound: bool
) -> None:
    """U 第十五条: 「专职辅导员在岗期间，每 5 年应当参加 1 次国家级或省级培训」."""
    college = await make_college(session, name=JIDIAN)
    cls = await make_class(session, college)
    me = await make_counselor(
        session, college, cls, full_time=full_time, started_on=date(2022, 9, 1)
    )
    await session.commit()
    evaluation = await svc.evaluate(session, now=at(date(2026, 4, 15)))
    assert me.id is not None
    rules = {s.rule.id for s in evaluation.for_staff(me.id)}
    assert ("C31" in rules) == bound
    assert "C29" in rules  # in-service training binds everybody
