"""Issue 20, part 6: the duties added on 2026-12-07 (C39, C40, H11, E02, E03, L05)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

from models.org import College, HeadTeacherClass
from policy.evaluation import Status
from policy.rules import format_effective_policy
from policy.service import PolicyService
from tests.factories import make_class, make_record, pk
from tests.policy.scenes import GRADE, JIDIAN, at, build_scene

MET, NA = Status.MET, Status.NOT_APPLICABLE
ON_TRACK, AT_RISK, BEHIND = Status.ON_TRACK, Status.AT_RISK, Status.BEHIND
APRIL = date(2026, 4, 22)  # the 8th week of the 2026 spring term


@pytest.mark.parametrize(
    ("rule_id", "kind", "logged", "subtype", "status"),
    [
        # U 11(六)2 「协助学校心理健康教育中心开展心理普查、筛查工作，建立完善学生心理档案」
        ("C39", "psych_screening", None, None, ON_TRACK),
        ("C39", "psych_screening", date(2025, 10, 9), "psych_census", MET),
        # U 11(五)2 「做好学生军训工作」 (the counselor of a first-year class)
        ("C40", "military_training", None, None, ON_TRACK),
        ("C40", "military_training", date(2025, 9, 12), None, MET),
        # C 第五条 「加强对班级同学选课的指导，制订班级学业辅导计划」
        ("H11", "study_guidance_plan", None, None, ON_TRACK),
        ("H11", "study_guidance_plan", date(2026, 3, 9), None, MET),
        # C 第六条 「指导学生按时完成退选课流程，指导学生按时完成学籍异动处理」
        ("E02", "enrolment_guidance", None, None, ON_TRACK),
        ("E02", "enrolment_guidance", date(2026, 3, 10), "status_change", MET),
        # C 第六条 「对学生学业成绩数据及时分析研判，并向分管教学副院长及时报告」
        ("E03", "grade_data_report", None, None, ON_TRACK),
        ("E03", "grade_data_report", date(2026, 3, 20), None, MET),
        # C 第二条 「将学生的意见和建议梳理归纳及时反馈给相关部门和教师……跟踪落实」
        ("L05", "forum_feedback", None, None, ON_TRACK),
        ("L05", "forum_feedback", date(2026, 4, 20), "grade_1", MET),
        # Feedback logged before the forum's window (week 8) is no forum's feedback.
        ("L05", "forum_feedback", date(2026, 3, 20), "grade_1", ON_TRACK),
    ],
)
async def test_it_counts_each_added_duty_by_its_id(
    session: AsyncSession,
    svc: PolicyService,
    rule_id: str,
    kind: str,
    logged: date | None,
    subtype: str | None,
    status: Status,
) -> None:
    """Each row of the catalog's 2026-12-07 section is a rule under its ID, loggable as a kind."""
    scene = await build_scene(session, svc, rule_id)
    assert scene.rule.kind == kind and kind in {k.code for k in svc.kinds.kinds}
    if logged is not None:
        class_id = scene.cls.id if scene.cls and rule_id == "H11" else None
        await make_record(session, scene.staff, kind, logged, subtype=subtype, class_id=class_id)
        await session.commit()
    (found,) = scene.statuses(await svc.evaluate(session, now=at(APRIL)))
    assert found.status == status


@pytest.mark.parametrize(
    ("grade", "status"),
    [(GRADE, BEHIND), (GRADE - 1, NA)],
)
async def test_military_training_is_asked_only_of_a_first_year_class(
    session: AsyncSession, svc: PolicyService, grade: int, status: Status
) -> None:
    """U 11(五)2: 「做好学生军训工作」 — 军训 is the freshmen's: a counselor with 大一 only."""
    scene = await build_scene(session, svc, "C40", flagged=grade == GRADE)
    assert scene.cls is not None and scene.cls.grade == grade
    (found,) = scene.statuses(await svc.evaluate(session, now=at(date(2026, 8, 29))))
    assert found.status == status


async def test_a_class_of_its_own_needs_its_own_study_guidance_plan(
    session: AsyncSession, svc: PolicyService
) -> None:
    """C 第五条: 「制订班级学业辅导计划」 — one plan per class, not one per head teacher."""
    scene = await build_scene(session, svc, "H11")
    assert scene.cls is not None
    await make_record(
        session, scene.staff, "study_guidance_plan", date(2026, 3, 9), class_id=scene.cls.id
    )
    college = await session.get(College, scene.staff.college_id)
    assert college is not None
    second = await make_class(session, college)
    session.add(HeadTeacherClass(staff_id=pk(scene.staff), class_id=pk(second)))
    await session.commit()
    found = scene.statuses(await svc.evaluate(session, now=at(APRIL)))
    assert sorted((s.class_id == scene.cls.id, s.status) for s in found) == [
        (False, ON_TRACK),
        (True, MET),
    ]


def test_policy_show_lists_every_added_row(svc: PolicyService) -> None:
    """`fudao policy show` lists each new row with its ID and article."""
    shown = format_effective_policy(svc.policy, JIDIAN).splitlines()
    articles = {
        "C39": "U 11(六)2", "C40": "U 11(五)2", "H11": "C 第五条",
        "E02": "C 第六条", "E03": "C 第六条", "L05": "C 第二条",
    }  # fmt: skip
    for rule_id, article in articles.items():
        (line,) = [x for x in shown if x.startswith(rule_id)]
        assert f"〔{article}〕" in line
