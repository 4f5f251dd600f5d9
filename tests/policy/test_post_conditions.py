"""Issue 20: S02, S03, S07 and S08 read from the dates stored on each person."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

from i18n import translator
from models.org import Staff, Student
from models.spells import HeadTeacherSpell
from policy.service import ConditionResult, PolicyService
from reports.digest_drawing import build_digests
from services.offboarding import revoke_roles
from tests.factories import (
    make_class,
    make_college,
    make_counselor,
    make_head_teacher,
    make_record,
    make_staff,
    pk,
)
from tests.policy.scenes import at

TODAY = date(2027, 3, 10)  # in the academic year 2026–2027, which starts on 2026-09-01


async def conditions(session: AsyncSession, svc: PolicyService, cid: str) -> list[ConditionResult]:
    """One condition's results in an evaluation of everybody on TODAY."""
    evaluation = await svc.evaluate(session, now=at(TODAY))
    return [c for c in evaluation.conditions if c.condition_id == cid]


async def leave(session: AsyncSession, person: Staff, on: date, reason: str | None) -> None:
    """`fudao staff revoke --role counselor --reason …` on that day."""
    now = datetime(on.year, on.month, on.day, 3, tzinfo=UTC)
    await revoke_roles(
        session, staff=person, roles=["counselor"], actor_id=None, now=now, left_on=on,
        reason=reason,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("students", "full_time", "part_time", "ok"),
    [
        (400, 2, 0, True),  # exactly 1:200
        (401, 2, 0, False),
        (401, 2, 5, False),  # 兼职 counselors are not 专职 posts
        (150, 1, 0, True),
        (1, 0, 1, False),  # students and no 专职 counselor at all
    ],
)
async def test_it_judges_the_overall_ratio_of_full_time_counselors_per_college_and_university(
    session: AsyncSession, svc: PolicyService, students: int, full_time: int, part_time: int,
    ok: bool,
) -> None:  # fmt: skip
    """U 第七条: 「学校按总体上师生比不低于 1:200 的比例设置专职辅导员岗位」 — an overall ratio
    of posts, so it is judged per college and university-wide, never per person."""
    college = await make_college(session)
    cls = await make_class(session, college)
    assert cls.id is not None
    session.add_all(
        Student(student_no=f"R{n:05d}", name=f"学生{n}", class_id=cls.id) for n in range(students)
    )
    for n in range(full_time + part_time):
        # Everybody looks after the one class: one counselor may well pass 200 (information).
        await make_counselor(session, college, cls, full_time=n < full_time)
    await session.commit()
    found = await conditions(session, svc, "S02")
    judged = {(c.college_id, c.ok, c.value, c.total) for c in found if not c.info}
    assert judged == {
        (college.id, ok, students, full_time),
        (None, ok, students, full_time),
    }
    busy = [c for c in found if c.info]
    assert all(c.ok and c.value == students for c in busy)
    assert len(busy) == (full_time + part_time if students > 200 else 0)


@pytest.mark.parametrize(
    ("reason", "counted"),
    [("transfer", 1), ("resigned", 0), ("retired", 0), ("other", 0), (None, 0)],
)
async def test_it_counts_only_a_transfer_against_the_ten_percent(
    session: AsyncSession, svc: PolicyService, reason: str | None, counted: int
) -> None:
    """U 第十九条: 「每年辅导员转岗人数不得超过辅导员总数的 10%」 — 转岗 is leaving for another
    post; a resignation or retirement is not a 转岗. The base is who was in post on 1 September."""
    college = await make_college(session)
    people = [await make_staff(session, college, started_on=date(2015, 9, 1)) for _ in range(5)]
    await make_staff(session, college, started_on=date(2026, 10, 1))  # joined this year: no base
    await session.commit()
    await leave(session, people[0], date(2026, 12, 1), reason)
    share = [c for c in await conditions(session, svc, "S03") if c.staff_id is None]
    assert [(c.ok, c.value, c.total) for c in share] == [(counted == 0, counted, 5)]


@pytest.mark.parametrize(
    ("full_time", "started", "left", "reason", "flagged"),
    [
        (True, date(2023, 9, 1), date(2027, 1, 5), "transfer", 40),  # 40 months: under 4 years
        (True, date(2022, 9, 1), date(2026, 12, 1), "transfer", None),  # 4 years and 3 months
        (True, date(2022, 12, 1), date(2026, 12, 1), "transfer", None),  # exactly 4 years
        (True, date(2024, 9, 1), date(2026, 12, 1), "resigned", None),  # not a 转岗
        (False, date(2024, 9, 1), date(2026, 12, 1), "transfer", None),  # 兼职: no service period
        (True, None, date(2026, 12, 1), "transfer", None),  # no start on record: not judged
    ],
)
async def test_it_flags_a_full_time_counselor_who_transfers_within_four_years(
    session: AsyncSession, svc: PolicyService, full_time: bool, started: date | None,
    left: date, reason: str, flagged: int | None,
) -> None:  # fmt: skip
    """U 第十九条: 「原则上专职辅导员实行不少于 4 年的服务期，服务期内不得转岗」, counted from
    the 任职起始日期 stored on the person."""
    college = await make_college(session)
    person = await make_staff(session, college, started_on=started, full_time=full_time)
    await session.commit()
    await leave(session, person, left, reason)
    early = [(c.staff_id, c.college_id, c.value, c.limit) for c in
             await conditions(session, svc, "S03") if c.staff_id is not None]  # fmt: skip
    assert early == ([] if flagged is None else [(person.id, college.id, flagged, 4)])


@pytest.mark.parametrize(
    ("full_time", "started", "left", "flagged"),
    [
        (False, date(2026, 3, 1), date(2026, 12, 1), 9),  # nine months: under a year
        (False, date(2025, 12, 1), date(2026, 12, 1), None),  # a full year
        (False, date(2025, 9, 1), date(2026, 8, 1), None),  # left last academic year
        (True, date(2026, 3, 1), date(2026, 12, 1), None),  # 专职: S03's period, not S08
        (False, None, date(2026, 12, 1), None),  # no start on record
    ],
)
async def test_it_flags_a_part_time_counselor_who_leaves_within_a_year(
    session: AsyncSession, svc: PolicyService, full_time: bool, started: date | None,
    left: date, flagged: int | None,
) -> None:  # fmt: skip
    """U 第十九条: 「兼职辅导员的聘期不少于 1 年」."""
    college = await make_college(session)
    person = await make_staff(session, college, started_on=started, full_time=full_time)
    await session.commit()
    await leave(session, person, left, "other")
    found = [(c.staff_id, c.ok, c.value, c.limit) for c in await conditions(session, svc, "S08")]
    assert found == ([] if flagged is None else [(person.id, False, flagged, 1)])


@pytest.mark.parametrize(
    ("spell_start", "training", "flagged"),
    [
        (date(2026, 9, 1), (date(2026, 8, 20), "pre_service_school"), False),
        (date(2026, 9, 1), (date(2026, 9, 1), "pre_service_provincial"), False),  # the same day
        (date(2026, 9, 1), (date(2026, 8, 20), "in_service_school"), True),  # not 岗前培训
        (date(2026, 9, 1), (date(2026, 10, 9), "pre_service_school"), True),  # trained after
        (date(2026, 9, 1), None, True),
        (date(2025, 9, 1), None, None),  # appointed last year: not 新聘 this year
        (date(2027, 6, 1), None, None),  # appointed from a day still to come
        (None, None, None),  # no 班主任起始日期 on record
    ],
)
async def test_it_flags_a_new_head_teacher_without_pre_service_training(
    session: AsyncSession,
    svc: PolicyService,
    spell_start: date | None,
    training: tuple[date, str] | None,
    flagged: bool | None,
) -> None:
    """U 班主任 第九条: 「新聘班主任原则上要参加岗前培训，做到先培训后上岗」 — 新聘 is a spell
    (班主任起始日期) begun in this academic year; only 岗前培训 counts."""
    college = await make_college(session)
    cls = await make_class(session, college)
    head = await make_head_teacher(session, college, cls, started_on=date(2010, 9, 1))
    if spell_start is not None:
        session.add(HeadTeacherSpell(class_id=pk(cls), staff_id=pk(head), started_on=spell_start))
    if training is not None:
        await make_record(session, head, "training", training[0], subtype=training[1], hours=8)
    await session.commit()
    found = [not c.ok for c in await conditions(session, svc, "S07")]
    assert found == ([] if flagged is None else [flagged])


async def test_it_tells_admins_who_left_early_and_who_has_no_start_date(
    session: AsyncSession, svc: PolicyService
) -> None:
    """U 第十九条: the service periods are the university's to watch (学生工作部), so admins
    read them by name; a counselor with no 任职起始日期 is listed so the gap is seen."""
    college = await make_college(session, name="甲学院")
    early = await make_staff(session, college, name="钱专职", started_on=date(2025, 9, 1))
    short = await make_staff(
        session, college, name="孙兼职", started_on=date(2026, 6, 1), full_time=False
    )
    await make_staff(session, college, name="李未登记", staff_no="T0404")
    for _ in range(20):
        await make_staff(session, college, started_on=date(2015, 9, 1))
    admin = await make_staff(session, college, is_admin=True, telegram_user_id=9101)
    leader = await make_staff(session, college, is_leader=True, telegram_user_id=9102)
    await session.commit()
    await leave(session, early, date(2026, 12, 1), "transfer")
    await leave(session, short, date(2026, 12, 1), "resigned")
    due = await build_digests(session, svc, now=at(TODAY), translator=translator)
    admin_text = "\n".join("\n".join(d.parts) for d in due if d.staff_id == admin.id)
    leader_text = "\n".join("\n".join(d.parts) for d in due if d.staff_id == leader.id)
    assert "专职辅导员 钱专职 任职 15 个月即转岗，服务期应不少于 4 年（S03）" in admin_text
    assert "兼职辅导员 孙兼职 任职 6 个月即离岗，聘期应不少于 1 年（S08）" in admin_text
    assert "以下 1 名辅导员没有登记任职起始日期" in admin_text
    assert "李未登记（T0404）" in admin_text
    assert leader_text and "S08" not in leader_text and "没有登记任职起始日期" not in leader_text
