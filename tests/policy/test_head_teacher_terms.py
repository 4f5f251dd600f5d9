"""Issue 14, S06: a head teacher serves at least 2 years, four at 机电工程学院."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.assignments import apply_handover, plan_handover
from models.org import SchoolClass
from models.spells import HeadTeacherSpell, set_head_start
from policy.service import ConditionResult, PolicyService
from tests.factories import make_class, make_college, make_head_teacher, make_staff, pk
from tests.policy.scenes import JIDIAN, at

OTHER = "材料与冶金学院"


async def hand_over(session: AsyncSession, old_no: str, new_no: str, on: date) -> None:
    """`fudao assign OLD NEW` on that day."""
    plan = await plan_handover(session, old_no=old_no, new_no=new_no)
    now = datetime(on.year, on.month, on.day, 3, tzinfo=UTC)
    await apply_handover(session, plan=plan, actor_id=None, now=now, via="cli")


async def s06(session: AsyncSession, svc: PolicyService, cls: SchoolClass) -> list[ConditionResult]:
    """The class's S06 results as of 2027-10-08."""
    evaluation = await svc.evaluate(session, now=at(date(2027, 10, 8)))
    return [c for c in evaluation.conditions if c.condition_id == "S06" and c.class_id == cls.id]


@pytest.mark.parametrize(
    ("college", "started_on", "changed_on", "flagged"),
    [
        (OTHER, date(2024, 9, 1), date(2026, 9, 1), False),  # two full years
        (OTHER, date(2025, 9, 1), date(2026, 9, 1), True),
        (OTHER, date(2024, 9, 2), date(2026, 9, 1), True),  # a day short
        (JIDIAN, date(2024, 9, 1), date(2026, 9, 1), True),  # 任期为四年
        (JIDIAN, date(2022, 9, 1), date(2026, 9, 1), False),
        (JIDIAN, None, date(2026, 9, 1), None),  # no start on record: not judged
    ],
)
async def test_it_flags_a_class_whose_head_teacher_left_before_the_term(
    session: AsyncSession,
    svc: PolicyService,
    college: str,
    started_on: date | None,
    changed_on: date,
    flagged: bool | None,
) -> None:
    """U 班主任 第四条: 「班主任由各学院发文聘用，聘期一般不少于 2 年」;
    C 第七条: 班主任「任期为四年」.

    The leaving head teacher's spell starts on their 班主任起始日期 (entered once, issue 20)
    and ends the day `fudao assign` hands the class over.
    """
    the_college = await make_college(session, name=college)
    cls = await make_class(session, the_college)
    old = await make_head_teacher(session, the_college, cls)
    if started_on is not None:
        await set_head_start(session, staff_id=pk(old), class_ids=[pk(cls)], started_on=started_on)
    new = await make_staff(session, the_college, is_head_teacher=True)
    await session.commit()
    assert old.staff_no is not None and new.staff_no is not None
    await hand_over(session, old.staff_no, new.staff_no, changed_on)
    found = [(c.staff_id, not c.ok) for c in await s06(session, svc, cls)]
    assert found == ([] if flagged is None else [(old.id, flagged)])


async def test_it_keeps_each_spell_so_a_second_change_counts_from_the_first(
    session: AsyncSession, svc: PolicyService
) -> None:
    """U 班主任 第四条 「聘期一般不少于 2 年」: the new head teacher's term starts the day they
    take the class, not their first day at the university."""
    college = await make_college(session, name=OTHER)
    cls = await make_class(session, college)
    first = await make_head_teacher(session, college, cls)
    await set_head_start(
        session, staff_id=pk(first), class_ids=[pk(cls)], started_on=date(2020, 9, 1)
    )
    # 任职起始日期 is a counselor's date: it never becomes a head-teacher start.
    second = await make_staff(session, college, is_head_teacher=True, started_on=date(2019, 9, 1))
    third = await make_staff(session, college, is_head_teacher=True)
    await session.commit()
    await hand_over(session, first.staff_no or "", second.staff_no or "", date(2025, 9, 1))
    assert [not c.ok for c in await s06(session, svc, cls)] == [False]
    await hand_over(session, second.staff_no or "", third.staff_no or "", date(2026, 9, 1))
    assert [(c.staff_id, not c.ok) for c in await s06(session, svc, cls)] == [(second.id, True)]
    spells = (await session.exec(select(HeadTeacherSpell).order_by(col(HeadTeacherSpell.id)))).all()
    assert [(s.staff_id, s.started_on, s.ended_on) for s in spells] == [
        (first.id, date(2020, 9, 1), date(2025, 9, 1)),
        (second.id, date(2025, 9, 1), date(2026, 9, 1)),
        (third.id, date(2026, 9, 1), None),
    ]
