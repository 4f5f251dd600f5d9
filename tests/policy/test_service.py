"""PolicyService: the rules of a person, evaluation from the database, standing conditions."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import partial

from sqlmodel.ext.asyncio.session import AsyncSession

from models.org import Student
from policy.evaluation import Status
from policy.rules import Rule
from policy.service import PolicyService
from tests.factories import (
    make_class,
    make_college,
    make_counselor,
    make_head_teacher,
    make_record,
    make_staff,
    make_student,
)
from tests.policy.scenes import JIDIAN, at


async def test_it_gives_each_person_the_rules_of_their_roles_and_college(
    session: AsyncSession, svc: PolicyService
) -> None:
    college = await make_college(session)
    both = await make_staff(session, college, is_counselor=True, is_head_teacher=True)
    leader = await make_staff(session, college, is_leader=True)
    ids = {r.id for r in svc.rules_for(both, JIDIAN)}
    assert {"C15", "C33", "H01", "H02"} <= ids and not ids & {"L01", "D01"}
    assert "H02" not in {r.id for r in svc.rules_for(both, "外院")}
    assert {r.id for r in svc.rules_for(leader, JIDIAN)} == {
        "L01",
        "L02",
        "L03",
        "L04",
        "L05",
        "D01",
        "D02",
    }
    assert {r.id for r in svc.rules_for(leader, None)} == {"L04"}


async def test_it_shows_the_quotas_a_saved_record_counts_toward(
    session: AsyncSession, svc: PolicyService
) -> None:
    college = await make_college(session)
    cls = await make_class(session, college)
    kid = await make_student(session, cls, key_concern=True, cadre=True, psych_committee=True)
    me = await make_counselor(session, college, cls)
    await make_record(session, me, "talk", date(2026, 4, 14), kid, subtype="key_concern_deep")
    await session.commit()
    evaluation = await svc.evaluate(session, now=at(date(2026, 4, 15)), staff_ids=[me.id or 0])
    assert {s.staff_id for s in evaluation.statuses} == {me.id}
    deep = evaluation.for_kind(me.id or 0, "talk", "key_concern_deep")
    assert {s.rule.id: s.status for s in deep} == {
        "C08": Status.MET,
        "C17": Status.MET,
        "C18": Status.MET,
        "C35": Status.MET,
    }
    general = {s.rule.id for s in evaluation.for_kind(me.id or 0, "talk", "general")}
    assert general == {"C08", "C17", "C35"}
    assert evaluation.for_kind(me.id or 0, "dorm_visit", None)[0].rule.id == "C15"


async def test_it_takes_the_local_date_of_now(session: AsyncSession, svc: PolicyService) -> None:
    college = await make_college(session)
    me = await make_counselor(session, college)
    await session.commit()
    # 16:30 UTC on 31 March is already 1 April in Shanghai.
    evaluation = await svc.evaluate(session, now=datetime(2026, 3, 31, 16, 30, tzinfo=UTC))
    assert evaluation.today == date(2026, 4, 1)
    months = {s.period.start for s in evaluation.for_staff(me.id or 0) if s.rule.id == "C15"}
    assert date(2026, 4, 1) in months


async def test_it_flags_a_class_without_head_teacher(
    session: AsyncSession, svc: PolicyService
) -> None:
    college = await make_college(session)
    staffed, vacant = await make_class(session, college), await make_class(session, college)
    await make_head_teacher(session, college, staffed)
    await session.commit()
    evaluation = await svc.evaluate(session, now=at(date(2026, 4, 15)))
    s01 = {c.class_id: c.ok for c in evaluation.conditions if c.condition_id == "S01"}
    assert s01 == {staffed.id: True, vacant.id: False}
    assert [(c.condition_id, c.class_id) for c in evaluation.failing_conditions] == [
        ("S01", vacant.id)
    ]


async def test_it_shows_a_counselor_with_more_than_200_students_as_information_only(
    session: AsyncSession, svc: PolicyService
) -> None:
    """U 第七条 「总体上师生比不低于 1:200」: a ratio of 专职 posts, so one busy counselor is
    information; the college (401 students, 2 专职) is what falls short."""
    college = await make_college(session)
    big, small = await make_class(session, college), await make_class(session, college)
    for prefix, cls, size in (("S", big, 201), ("T", small, 200)):
        assert cls.id is not None
        session.add_all(
            Student(student_no=f"{prefix}{n:04d}", name=f"学生{n}", class_id=cls.id)
            for n in range(size)
        )
    busy = await make_counselor(session, college, big)
    fine = await make_counselor(session, college, small)
    await session.commit()
    evaluation = await svc.evaluate(session, now=at(date(2026, 4, 15)))
    s02 = [c for c in evaluation.conditions if c.condition_id == "S02"]
    assert {c.staff_id: (c.ok, c.value, c.info) for c in s02 if c.staff_id} == {
        busy.id: (True, 201, True)
    }
    assert fine.id is not None
    colleges = [(c.college_id, c.ok, c.value, c.total) for c in s02 if c.staff_id is None]
    assert (college.id, False, 401, 2) in colleges


async def test_it_judges_a_saves_rules_from_that_persons_facts_as_the_whole_look_does(
    session: AsyncSession, svc: PolicyService
) -> None:
    college = await make_college(session, name=JIDIAN)
    new, old = await make_class(session, college, grade=2025), await make_class(session, college)
    kids = [
        await make_student(session, new, key_concern=True, special_origin=True),
        await make_student(session, new, cadre=True, academic_warning=True),
        await make_student(session, old, psych_committee=True),
    ]
    me = await make_counselor(session, college, new, old)
    head = await make_head_teacher(session, college, new)
    leader = await make_staff(session, college, is_leader=True)
    await make_record(session, me, "talk", date(2026, 4, 10), kids[0], subtype="key_concern_deep")
    await make_record(session, me, "dorm_visit", date(2026, 4, 11))
    await make_record(session, head, "class_meeting", date(2026, 4, 12), class_id=new.id)
    await session.commit()
    now = at(date(2026, 4, 15))
    pairs = {(r.kind, sub) for r in svc.policy.rules for sub in (r.subtypes or (None,))}
    for person in (me, head, leader):
        assert person.id is not None
        whole = await svc.evaluate(session, now=now, staff_ids=[person.id])
        for kind, sub in sorted(pairs, key=str):
            counted = partial(Rule.counts, kind=kind, subtype=sub)
            part = await svc.evaluate(session, now=now, staff_ids=[person.id], only=counted)
            assert part.for_staff(person.id) == whole.for_kind(person.id, kind, sub), (kind, sub)
