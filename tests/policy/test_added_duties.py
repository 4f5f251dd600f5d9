"""Issue 14, the duties added on a second reading (C35–C38, H09, H10, E01, S05, S07)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

from models.org import HeadTeacherClass
from models.spells import HeadTeacherSpell
from policy.evaluation import Status
from policy.service import PolicyService
from tests.factories import (
    make_class,
    make_college,
    make_head_teacher,
    make_record,
    make_staff,
    make_student,
    pk,
)
from tests.policy.scenes import GRADE, JIDIAN, at, build_scene

MET, NA = Status.MET, Status.NOT_APPLICABLE
APRIL = date(2026, 4, 22)


@pytest.mark.parametrize(
    ("rule_id", "kind", "reached", "done", "status"),
    [
        ("C35", "talk", 0, 0, Status.ON_TRACK),
        ("C35", "talk", 1, 1, Status.ON_TRACK),
        ("C35", "talk", 2, 2, MET),
        ("C37", "student_file", 1, 1, Status.ON_TRACK),
        ("C37", "student_file", 2, 2, MET),
    ],
)
async def test_it_asks_for_each_psych_committee_member_and_special_group_student(
    session: AsyncSession,
    svc: PolicyService,
    rule_id: str,
    kind: str,
    reached: int,
    done: int,
    status: Status,
) -> None:
    """U 11(六)2: 「与班级心理委员、宿舍心理信息员等经常性开展谈心谈话」;
    U 11(五)3: 「为每位特殊群体学生建立档案」.

    Each flagged student of the roster (心理委员 / 特殊群体) must be reached: once a term
    for C35 (经常性: the default, the college's choice), once a school year for C37.
    """
    scene = await build_scene(session, svc, rule_id)
    for student in scene.students[:reached]:
        await make_record(session, scene.staff, kind, date(2026, 4, 8), student)
    await session.commit()
    (found,) = scene.statuses(await svc.evaluate(session, now=at(APRIL)))
    assert (found.target, found.done, found.status) == (2, done, status)
    assert len(found.missing_student_ids) == 2 - reached


@pytest.mark.parametrize(
    ("rule_id", "grade", "status"),
    [
        ("C38a", GRADE, Status.BEHIND),  # 大一 in 2025-2026
        ("C38a", GRADE - 1, NA),  # 大二: no freshmen
        ("C38b", GRADE - 3, Status.BEHIND),  # 大四: a graduating class
        ("C38b", GRADE - 4, NA),  # a fifth year of a 4-year class: asked in its 4th (issue 20)
        ("C38b", GRADE - 2, NA),  # 大三
    ],
)
async def test_it_asks_entry_and_leaving_education_of_whoever_has_such_a_class(
    session: AsyncSession, svc: PolicyService, rule_id: str, grade: int, status: Status
) -> None:
    """U 11(五)2: 「开展迎接新生入学和新生入学教育工作……做好毕业生离校教育、管理和服务工作」.

    The class's grade tells: 大一 asks for 新生入学教育, the last year of its 学制 (4 by
    default) for 毕业生离校教育, each once a school year.
    """
    scene = await build_scene(session, svc, rule_id)
    assert scene.cls is not None
    scene.cls.grade = grade
    session.add(scene.cls)
    await session.commit()
    (found,) = scene.statuses(await svc.evaluate(session, now=at(date(2026, 8, 20))))
    assert found.status == status
    subtype = "freshman_entry" if rule_id == "C38a" else "graduate_exit"
    await make_record(
        session, scene.staff, "entry_exit_education", date(2025, 9, 5), subtype=subtype
    )
    await session.commit()
    (found,) = scene.statuses(await svc.evaluate(session, now=at(date(2026, 8, 20))))
    assert found.status == (NA if status == NA else MET)


@pytest.mark.parametrize(
    ("rule_id", "kind", "month", "records", "status"),
    [
        ("C36", "safety_inspection", APRIL, 0, Status.ON_TRACK),
        ("C36", "safety_inspection", APRIL, 1, MET),
        ("C36", "safety_inspection", date(2026, 2, 18), 0, NA),  # 寒假: students away
        ("H09", "teacher_contact", APRIL, 0, Status.ON_TRACK),
        ("H09", "teacher_contact", APRIL, 1, MET),
        ("H09", "teacher_contact", date(2026, 8, 12), 0, NA),  # 暑假: no lectures
    ],
)
async def test_it_asks_regular_duties_once_a_teaching_month(
    session: AsyncSession,
    svc: PolicyService,
    rule_id: str,
    kind: str,
    month: date,
    records: int,
    status: Status,
) -> None:
    """U 11(四)1: 「定期排查安全隐患」;
    U 班主任 第六条(二): 「经常与任课教师联系，了解学生学习情况」.

    定期 / 经常 without a number: once a month in teaching months (the college's choice).
    """
    scene = await build_scene(session, svc, rule_id)
    for _ in range(records):
        await make_record(session, scene.staff, kind, month.replace(day=2))
    await session.commit()
    evaluation = await svc.evaluate(session, now=at(month))
    assert scene.staff.id is not None
    found = [
        s
        for s in evaluation.for_staff(scene.staff.id)
        if s.rule.id == rule_id and s.period.start <= month <= s.period.end
    ]
    assert [(s.done, s.status) for s in found] == [(records, status)]


@pytest.mark.parametrize(("planned", "statuses"), [(0, [0, 0]), (1, [1, 0]), (2, [1, 1])])
async def test_it_asks_a_term_plan_for_each_class_of_a_head_teacher(
    session: AsyncSession, svc: PolicyService, planned: int, statuses: list[int]
) -> None:
    """U 班主任 第六条(十三): 「通过制定学期计划，进行总结分析」: one plan per class and term."""
    college = await make_college(session, name=JIDIAN)
    first, second = await make_class(session, college), await make_class(session, college)
    head = await make_head_teacher(session, college, first)
    session.add(HeadTeacherClass(staff_id=head.id or 0, class_id=second.id or 0))
    for cls in (first, second)[:planned]:
        await make_record(session, head, "class_work_plan", date(2026, 3, 10), class_id=cls.id)
    await session.commit()
    evaluation = await svc.evaluate(session, now=at(APRIL))
    found = sorted(
        (s.class_id or 0, s.done) for s in evaluation.for_staff(head.id or 0) if s.rule.id == "H10"
    )
    assert [done for _, done in found] == statuses


@pytest.mark.parametrize(
    ("college", "notices", "status"),
    [
        # Issue 20: notices may still be dated up to the autumn term's 2nd week: not at risk yet.
        (JIDIAN, 0, Status.ON_TRACK),
        (JIDIAN, 1, MET),
        ("材料与冶金学院", 1, None),  # 第六条 is 机电工程学院's own rule
    ],
)
async def test_it_asks_the_academic_staff_for_warning_notices_each_term(
    session: AsyncSession, svc: PolicyService, college: str, notices: int, status: Status | None
) -> None:
    """C 第六条: 「将每学期末学业困难学生名单提交年级辅导员和班主任，
    下达学院学业预警通知书给学生和家长」: once a term."""
    clerk = await make_staff(
        session, await make_college(session, name=college), is_academic_staff=True
    )
    for _ in range(notices):
        await make_record(session, clerk, "warning_notice", date(2026, 6, 20), attendance=12)
    await session.commit()
    evaluation = await svc.evaluate(session, now=at(date(2026, 7, 8)))
    found = [s.status for s in evaluation.for_staff(clerk.id or 0) if s.rule.id == "E01"]
    assert found == ([] if status is None else [status])
    assert clerk.roles == ["academic_staff"]


@pytest.mark.parametrize(("classes", "ok"), [(1, True), (2, False), (3, False)])
async def test_it_flags_a_head_teacher_of_more_than_one_class(
    session: AsyncSession, svc: PolicyService, classes: int, ok: bool
) -> None:
    """U 班主任 第五条: 「每位班主任原则上带 1 个自然班」."""
    college = await make_college(session)
    head = await make_head_teacher(session, college, await make_class(session, college))
    for _ in range(classes - 1):
        cls = await make_class(session, college)
        session.add(HeadTeacherClass(staff_id=head.id or 0, class_id=cls.id or 0))
    await session.commit()
    evaluation = await svc.evaluate(session, now=at(APRIL))
    found = [c for c in evaluation.conditions if c.condition_id == "S05"]
    assert [(c.staff_id, c.ok, c.value) for c in found] == [(head.id, ok, classes)]


@pytest.mark.parametrize(
    ("started_on", "trained_on", "flagged"),
    [
        (date(2025, 9, 1), date(2025, 8, 25), False),  # trained, then took the post
        (date(2025, 9, 1), date(2025, 9, 1), False),  # on the first day still counts
        (date(2025, 9, 1), date(2025, 10, 9), True),  # trained only after
        (date(2025, 9, 1), None, True),  # never trained
        (None, None, None),  # no 班主任起始日期 on record: fudao cannot tell
    ],
)
async def test_it_flags_a_head_teacher_not_trained_before_the_post(
    session: AsyncSession,
    svc: PolicyService,
    started_on: date | None,
    trained_on: date | None,
    flagged: bool | None,
) -> None:
    """U 班主任 第九条: 「新聘班主任原则上要参加岗前培训，做到先培训后上岗」."""
    college = await make_college(session)
    cls = await make_class(session, college)
    await make_student(session, cls)
    head = await make_head_teacher(session, college, cls)
    if started_on is not None:
        session.add(HeadTeacherSpell(class_id=pk(cls), staff_id=pk(head), started_on=started_on))
    if trained_on is not None:
        await make_record(
            session, head, "training", trained_on, subtype="pre_service_school", hours=8
        )
    await session.commit()
    evaluation = await svc.evaluate(session, now=at(APRIL))
    found = [not c.ok for c in evaluation.conditions if c.condition_id == "S07"]
    assert found == ([] if flagged is None else [flagged])
