"""Counting by SQL aggregates, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import date

from sqlmodel.ext.asyncio.session import AsyncSession

from models.counts import CountPlan, Span, Tally, count_records, load_org
from models.db import Database
from models.types import utcnow
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
from tests.policy.scenes import at

MARCH = Span(date(2026, 3, 1), date(2026, 3, 31))
APRIL = Span(date(2026, 4, 1), date(2026, 4, 30))


async def test_it_counts_a_record_only_in_the_span_of_its_day(session: AsyncSession) -> None:
    college = await make_college(session)
    me = await make_counselor(session, college)
    await make_record(session, me, "dorm_visit", date(2026, 3, 31))
    await make_record(session, me, "dorm_visit", date(2026, 4, 1))
    await make_record(session, me, "dorm_visit", date(2026, 4, 30))
    await make_record(session, me, "dorm_visit", date(2026, 5, 1))
    plan = CountPlan(staff={MARCH: frozenset({"dorm_visit"}), APRIL: frozenset({"dorm_visit"})})
    counts = await count_records(session, plan)
    assert counts.staff == {
        (me.id, "dorm_visit", MARCH): {None: Tally(1, 0.0, None, 1)},
        (me.id, "dorm_visit", APRIL): {None: Tally(2, 0.0, None, 2)},
    }


async def test_it_never_counts_a_deleted_record(session: AsyncSession) -> None:
    college = await make_college(session)
    me = await make_counselor(session, college)
    cls = await make_class(session, college)
    kid = await make_student(session, cls)
    await make_record(session, me, "talk", date(2026, 4, 2), kid, deleted_at=utcnow())
    gone = {"deleted_at": utcnow()}
    await make_record(session, me, "class_meeting", date(2026, 4, 2), class_id=cls.id, **gone)
    plan = CountPlan(
        staff={APRIL: frozenset({"talk"})},
        classes={APRIL: frozenset({"class_meeting"})},
        students={APRIL: frozenset({"talk"})},
        colleges={APRIL: frozenset({"talk"})},
    )
    counts = await count_records(session, plan)
    assert (counts.staff, counts.classes, counts.students, counts.colleges) == (
        {},
        {},
        {},
        {},
    )


async def test_it_groups_by_class_student_and_college(session: AsyncSession) -> None:
    college, other = await make_college(session), await make_college(session, name="外院")
    one, two = await make_class(session, college), await make_class(session, college)
    me = await make_counselor(session, college, one, two)
    leader = await make_staff(session, college, is_leader=True)
    outsider = await make_staff(session, other, is_leader=True)
    a, b = await make_student(session, one), await make_student(session, two)
    for cls in (one, one, two):
        league = {"subtype": "league_life", "class_id": cls.id}
        await make_record(session, me, "class_meeting", date(2026, 4, 3), **league)
    await make_record(session, me, "talk", date(2026, 4, 3), a, b, subtype="deep")
    await make_record(session, me, "talk", date(2026, 4, 9), a, subtype="deep")
    await make_record(session, leader, "academic_seminar", date(2026, 4, 3), theme=" 车辆工程 ")
    await make_record(session, outsider, "academic_seminar", date(2026, 4, 3), theme="冶金")
    plan = CountPlan(
        classes={APRIL: frozenset({"class_meeting"})},
        students={APRIL: frozenset({"talk"})},
        colleges={APRIL: frozenset({"academic_seminar"})},
    )
    counts = await count_records(session, plan, college_ids=[college.id or 0])
    assert counts.classes == {
        (me.id, one.id, "class_meeting", APRIL): {"league_life": 2},
        (me.id, two.id, "class_meeting", APRIL): {"league_life": 1},
    }
    [(key, reached)] = counts.students.items()
    assert key == (me.id, "talk", APRIL)
    assert a.id is not None and b.id is not None
    assert {sub: sorted(ids) for sub, ids in reached.items()} == {
        "deep": sorted([a.id, a.id, b.id])
    }
    assert counts.colleges == {(college.id, "academic_seminar", APRIL): {(None, "车辆工程"): 1}}


async def test_one_persons_count_is_theirs_in_a_crowd_and_binds_no_list(db: Database) -> None:
    async with db.session() as session:
        college = await make_college(session)
        me, you = await make_counselor(session, college), await make_counselor(session, college)
        for who, day in ((me, 2), (me, 9), (you, 3)):
            await make_record(session, who, "dorm_visit", date(2026, 4, day))
        await make_record(session, me, "training", date(2026, 4, 5), hours=2.5)
        await session.commit()
    mine = {(me.id, "dorm_visit", APRIL): {None: Tally(2, 0.0, None, 2)}}
    with db.statements() as seen:
        async with db.session() as session:
            alone = await count_records(
                session, CountPlan(staff={APRIL: frozenset({"dorm_visit"})}), staff_ids=[me.id or 0]
            )
    async with db.session() as session:
        crowd = await count_records(
            session,
            CountPlan(staff={APRIL: frozenset({"dorm_visit", "training"})}),
            staff_ids=[me.id or 0, you.id or 0],
        )
    assert alone.staff == mine
    assert crowd.staff == mine | {
        (me.id, "training", APRIL): {None: Tally(1, 2.5, None, 1)},
        (you.id, "dorm_visit", APRIL): {None: Tally(1, 0.0, None, 1)},
    }
    # One person and one kind (a save's progress reply): compared, not spliced in as lists.
    [statement] = seen
    assert " IN (" not in statement


async def test_it_loads_who_looks_after_whom(session: AsyncSession) -> None:
    college = await make_college(session)
    cls, empty = await make_class(session, college, grade=2024), await make_class(session, college)
    me = await make_counselor(session, college, cls, started_on=date(2025, 9, 1))
    head = await make_head_teacher(session, college, cls)
    kid = await make_student(session, cls, cadre=True, key_concern=True)
    await make_student(session, cls, active=False)
    org = await load_org(session, staff_ids=[me.id or 0])
    assert set(org.staff) == {me.id}
    facts = org.staff[me.id or 0]
    assert (facts.roles, facts.counselor_classes, facts.started_on) == (
        frozenset({"counselor"}),
        (cls.id,),
        date(2025, 9, 1),
    )
    assert [(s.id, s.flags) for s in org.students[cls.id or 0]] == [
        (kid.id, frozenset({"cadre", "key_concern"}))
    ]
    assert org.head_teachers == {cls.id: (head.id,)}
    assert set(org.classes) == {cls.id, empty.id} and org.classes[cls.id or 0].grade == 2024


async def test_it_loads_one_persons_college_only_with_its_classes_head_teachers(
    session: AsyncSession,
) -> None:
    ours, theirs = await make_college(session), await make_college(session, name="外国语学院")
    mine, next_door = await make_class(session, ours), await make_class(session, ours)
    far = await make_class(session, theirs)
    me = await make_counselor(session, ours, mine)
    head = await make_head_teacher(session, ours, next_door)
    await make_head_teacher(session, theirs, far)
    await make_student(session, far)
    org = await load_org(session, staff_ids=[me.id or 0])
    assert set(org.classes) == {mine.id, next_door.id}
    assert set(org.colleges) == {ours.id}
    assert set(org.students) == set()
    # S01 sees each class of the college with its head teachers, theirs or nobody.
    assert org.head_teachers == {next_door.id: (head.id,)}
    for_a_save = await load_org(session, staff_ids=[me.id or 0], conditions=False)
    assert set(for_a_save.classes) == {mine.id, next_door.id}
    assert for_a_save.head_teachers == {} and for_a_save.last_spells == {}


async def test_a_person_read_already_is_not_read_again_and_their_college_keeps_its_name(
    db: Database,
) -> None:
    async with db.session() as session:
        ours, theirs = await make_college(session), await make_college(session, name="外国语学院")
        mine, next_door = await make_class(session, ours), await make_class(session, ours)
        me = await make_counselor(session, ours, mine, started_on=date(2025, 9, 1))
        await make_head_teacher(session, ours, next_door)
        await make_head_teacher(session, theirs, await make_class(session, theirs))
        await make_student(session, mine, key_concern=True)
        await session.commit()
        with db.statements() as reading:
            read = await load_org(session, staff_ids=[me.id or 0], conditions=False)
        with db.statements() as seen:
            given = await load_org(session, staff_ids=[me.id or 0], conditions=False, known=[me])
    assert given == read and given.colleges == {ours.id: ours.name}
    # One read fewer: the college's name comes with the assignments.
    assert not [s for s in seen if "FROM staff" in s] and len(seen) == len(reading) - 1


async def test_it_evaluates_everybody_in_the_same_few_queries(db: Database) -> None:
    svc = PolicyService.load()

    async def queries_for(people: int) -> int:
        async with db.session() as session:
            college = await make_college(session, name=f"学院{people}")
            for _ in range(people):
                cls = await make_class(session, college)
                me = await make_counselor(session, college, cls)
                await make_head_teacher(session, college, cls)
                kid = await make_student(session, cls, key_concern=True)
                await make_record(session, me, "talk", date(2026, 4, 2), kid, subtype="deep")
            await make_staff(session, college, is_leader=True)
            await session.commit()
        with db.statements() as seen:
            async with db.session() as session:
                evaluation = await svc.evaluate(session, now=at(date(2026, 4, 15)))
        assert evaluation.statuses
        return len(seen)

    # Eleven reads of who looks after whom (the eighth: each term's academic-warning list; the
    # ninth: head teachers' first training day, S07; the tenth: the course failure-rate lists,
    # D02; the eleventh: each class's last head-teacher spell, S06), then one count per
    # grouping (five at most).
    assert await queries_for(2) == await queries_for(12) <= 16
