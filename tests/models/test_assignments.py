"""Handing classes over: links move, a class keeps one head teacher, records stay put."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.assignments import AssignRefused, apply_handover, handover_of, plan_handover
from models.concern import mark_concern
from models.org import CounselorClass, HeadTeacherClass
from models.records import AuditEntry, WorkRecord
from tests.factories import make_class, make_staff
from tests.handlers.factories import NOW, TODAY, make_campus, make_saved_record


async def test_it_hands_a_counselors_classes_over_with_what_the_new_one_needs(
    session: AsyncSession,
) -> None:
    campus = await make_campus(session)
    newcomer = await make_staff(
        session, campus.college, is_head_teacher=True, name="孙老师", staff_no="T2001"
    )
    await mark_concern(
        session,
        actor=campus.counselor,
        student=campus.student,
        reason="family",
        level="medium",
        now=NOW,
    )
    talk = await make_saved_record(
        session,
        campus.counselor,
        "talk",
        date(2026, 11, 10),
        campus.student,
        follow_up_on=date(2026, 11, 25),
    )
    await make_saved_record(
        session,
        campus.counselor,
        "talk",
        date(2026, 11, 1),
        campus.student,
        follow_up_on=date(2026, 11, 5),
    )
    plan = await plan_handover(session, old_no="T1001", new_no="T2001")
    assert [(m.class_name, m.role) for m in plan.moves] == [("机械2401班", "counselor")]
    assert plan.granted == ["counselor"]
    await apply_handover(session, plan=plan, actor_id=campus.admin.id, now=NOW, via="chat")
    links = (
        await session.exec(
            select(CounselorClass).where(CounselorClass.class_id == campus.class_a.id)
        )
    ).all()
    assert [link.staff_id for link in links] == [newcomer.id]
    assert newcomer.is_counselor and newcomer.is_head_teacher
    handover = await handover_of(session, plan=plan, today=TODAY)
    assert [(e.student.name, e.reason, e.level) for e in handover.concerns] == [
        ("王小明", "family", "medium")
    ]
    assert [(f.student.name, f.due, f.record_id) for f in handover.follow_ups] == [
        ("王小明", date(2026, 11, 25), talk.id)
    ]
    owners = set((await session.exec(select(WorkRecord.staff_id))).all())
    assert owners == {campus.counselor.id}
    entry = (
        await session.exec(select(AuditEntry).where(AuditEntry.action == "assign.handover"))
    ).one()
    assert entry.details["old"] == campus.counselor.id and entry.details["via"] == "chat"


async def test_it_keeps_exactly_one_head_teacher_per_class(session: AsyncSession) -> None:
    campus = await make_campus(session)
    successor = await make_staff(session, campus.college, is_head_teacher=True, staff_no="T2002")
    plan = await plan_handover(session, old_no="T1002", new_no="T2002", class_names=["机械2401班"])
    assert plan.granted == []
    await apply_handover(session, plan=plan, actor_id=None, now=NOW, via="cli")
    heads = (
        await session.exec(
            select(HeadTeacherClass).where(HeadTeacherClass.class_id == campus.class_a.id)
        )
    ).all()
    assert [h.staff_id for h in heads] == [successor.id]
    handover = await handover_of(session, plan=plan, today=TODAY)
    assert all(e.reason is None for e in handover.concerns)


async def test_it_refuses_handovers_that_make_no_sense(session: AsyncSession) -> None:
    campus = await make_campus(session)
    elsewhere_class = await make_class(session, campus.college, name="车辆2401班")
    stranger = await make_staff(session, None, staff_no="T9999")
    outsider = await make_staff(session, campus.other_college, staff_no="T8888")
    await session.commit()
    cases = [
        (("T0000", "T1003", ()), "unknown-staff"),
        (("T1001", "T1001", ()), "same-person"),
        (("T1001", "T1003", ("不存在班",)), "unknown-class"),
        (("T1001", "T1003", (elsewhere_class.name,)), "not-held"),
        (("T9999", "T1003", ()), "nothing-held"),
        (("T1001", "T8888", ()), "other-college"),
    ]
    for (old, new, classes), why in cases:
        with pytest.raises(AssignRefused) as refused:
            await plan_handover(session, old_no=old, new_no=new, class_names=classes)
        assert refused.value.reason == why
    assert stranger.id is not None and outsider.id is not None
